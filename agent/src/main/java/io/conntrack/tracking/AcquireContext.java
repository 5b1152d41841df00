package io.conntrack.tracking;

/**
 * Per-thread state of acquisitions in progress: the call depth (only the outermost call's result is
 * the application's connection) and the connections that nested calls returned (a pool's physical
 * connections, opened inside a borrow), tracked as pool-owned when the outermost call ends.
 */
final class AcquireContext {

    private static final int MAX_PENDING = 8;
    /** Nesting depths whose sources are remembered (wrappers and pools nest two or three deep). */
    static final int MAX_DEPTH = 6;

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
    /** The object asked by each acquisition in progress, by nesting depth (0: {@link #outerSource}). */
    private final Object[] sources = new Object[MAX_DEPTH];
    /** Per depth, the DataSource a DataSource acquisition at that depth got its connection from, if any. */
    private final Object[] dataSourceChild = new Object[MAX_DEPTH];
    private int deepest;
    private final Object[] pending = new Object[MAX_PENDING];
    /** The pool frame that opened each pending connection, when known (physical connections). */
    private final Callsite[] pendingSite = new Callsite[MAX_PENDING];
    private int pendingCount;

    AcquireContext(CallsiteResolver.Walk walk) {
        this.walk = walk;
    }

    /** A nested acquisition at {@code depth} (1 and more) began on {@code source}. */
    void nestedSource(int depth, Object source) {
        if (depth < MAX_DEPTH) {
            sources[depth] = source;
            deepest = Math.max(deepest, depth);
        }
    }

    Object source(int depth) {
        return depth == 0 ? outerSource : depth < MAX_DEPTH ? sources[depth] : null;
    }

    /** The DataSource acquisition at {@code depth} returned a connection: its parent got it from there. */
    void dataSourceReturned(int depth) {
        if (depth > 0 && depth < MAX_DEPTH) {
            dataSourceChild[depth - 1] = source(depth);
        }
    }

    /** The DataSource the DataSource acquisition at {@code depth} got its connection from, taken once; or null. */
    Object takeDataSourceChild(int depth) {
        if (depth >= MAX_DEPTH) {
            return null;
        }
        Object child = dataSourceChild[depth];
        dataSourceChild[depth] = null;
        return child;
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
        for (int i = 0; i <= deepest; i++) { // nothing of a finished acquisition stays reachable from here
            sources[i] = null;
            dataSourceChild[i] = null;
        }
        deepest = 0;
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
