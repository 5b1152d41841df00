package io.conntrack.bootstrap;

/**
 * What inlined advice calls into. Lives on the bootstrap class path so that advice inlined into
 * classes of any class loader (and any named module given a read edge) can see it; implemented by
 * the agent runtime, which lives in the system class loader.
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
