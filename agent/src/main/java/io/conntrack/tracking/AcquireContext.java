package io.conntrack.tracking;

/**
 * Per-thread state of acquisitions in progress: the call depth (only the outermost call's result is
 * the application's connection) and the connections that nested calls returned (a pool's physical
 * connections, opened inside a borrow), tracked as pool-owned when the outermost call ends.
 */
final class AcquireContext {

    private static final int MAX_PENDING = 8;

    int depth;
    /**
     * The test scope ({@code ConnTrack.beginScope}) this thread acquires for, copied to each record it
     * tracks; 0 outside any. A thread started inside a scope starts in it ({@link Scopes#inherited}).
     */
    long scope = Scopes.inherited();
    final CallsiteResolver.Walk walk;
    /** Set by a marked call site just before it calls {@code markSource.getConnection()}. */
    Object markSource;
    int markId;
    /** The marked callsite of the acquisition in progress, when the mark matched; else null. */
    Callsite markedSite;
    /** The mark id of the application's DriverManager.getConnection call in progress, or -1. */
    int driverManagerSite = -1;
    /** When that call started ({@code System.nanoTime()}). */
    long driverManagerStart;
    /** The object asked by the outermost acquisition in progress (its DataSource, Driver, ...), or null. */
    Object outerSource;
    /** When the outermost acquisition in progress started ({@code System.nanoTime()}). */
    long outerStart;
    /** Set once a nested acquisition checked that the outermost one is really still in progress. */
    boolean outerChecked;
    private final Object[] pending = new Object[MAX_PENDING];
    /** The pool frame that opened each pending connection, when known (physical connections). */
    private final Callsite[] pendingSite = new Callsite[MAX_PENDING];
    private int pendingCount;

    AcquireContext(CallsiteResolver.Walk walk) {
        this.walk = walk;
    }

    /** Returns false when full: the caller then tracks the connection at once. */
    boolean addPending(Object connection, Callsite site) {
        for (int i = 0; i < pendingCount; i++) {
            if (pending[i] == connection) {
                return true; // two layers returned the same object: one connection
            }
        }
        if (pendingCount == MAX_PENDING) {
            return false;
        }
        pendingSite[pendingCount] = site;
        pending[pendingCount++] = connection;
        return true;
    }

    int pendingCount() {
        return pendingCount;
    }

    Object pending(int i) {
        return pending[i];
    }

    Callsite pendingSite(int i) {
        return pendingSite[i];
    }

    /** A connection opened and closed inside the same borrow (a pool's test connection) is forgotten. */
    boolean removePending(Object connection) {
        for (int i = 0; i < pendingCount; i++) {
            if (pending[i] == connection) {
                pendingCount--;
                pending[i] = pending[pendingCount];
                pendingSite[i] = pendingSite[pendingCount];
                pending[pendingCount] = null;
                pendingSite[pendingCount] = null;
                return true;
            }
        }
        return false;
    }

    /** Back to no acquisition in progress: after the outermost exit, or when that exit was lost. */
    void reset() {
        depth = 0;
        clearPending();
        markedSite = null;
        outerSource = null;
        outerChecked = false;
    }

    void clearPending() {
        for (int i = 0; i < pendingCount; i++) {
            pending[i] = null;
            pendingSite[i] = null;
        }
        pendingCount = 0;
    }
}
