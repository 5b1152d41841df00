package io.conntrack.bootstrap;

/**
 * What woven code calls into, through {@link Bridge}. In the agent jar both are relocated to
 * {@code java.lang.ConnTrackHooks}/{@code ConnTrackBridge} and defined into java.base at start
 * ({@code BridgeDefinition}), so woven classes of any loader and any module link them; implemented by
 * the agent runtime ({@code Tracker}), which lives in the agent's own class loader.
 */
public interface Hooks {

    /** Returns a token for {@link #acquireExit}: 0 means "not tracking this call". */
    long acquireEnter(Object source);

    void acquireExit(long token, int kind, Object connection, Throwable thrown);

    void closed(Object connection);

    /** A marked application call site is about to call {@code source.getConnection()}. */
    void markSite(Object source, int siteId);

    /** The marked call returned. */
    void unmarkSite();

    /** A marked application call site is about to call {@code DriverManager.getConnection(..)}. */
    default void markDriverManager(int siteId) {
    }

    /** That call returned a connection. */
    default void unmarkDriverManager() {
    }

    /** That call threw {@code thrown} (which the application gets next). */
    default void driverManagerThrew(Throwable thrown, int siteId) {
    }
}
