package io.conntrack.tracking;

/**
 * Per-thread state of acquisitions in progress: the call depth (only the outermost call's result is
 * the application's connection) and the connections that nested calls returned (a pool's physical
 * connections, opened inside a borrow), tracked as pool-owned when the outermost call ends.
 */
final class AcquireContext {

    private static final int MAX_PENDING = 8;

    int depth;
    final CallsiteResolver.Walk walk;
    /** Set by a marked call site just before it calls {@code markSource.getConnection()}. */
    Object markSource;
    int markId;
    /** The marked callsite of the acquisition in progress, when the mark matched; else null. */
    Callsite markedSite;
    private final Object[] pending = new Object[MAX_PENDING];
    private int pendingCount;

    AcquireContext(CallsiteResolver.Walk walk) {
        this.walk = walk;
    }

    /** Returns false when full: the caller then tracks the connection at once. */
    boolean addPending(Object connection) {
        if (pendingCount == MAX_PENDING) {
            return false;
        }
        pending[pendingCount++] = connection;
        return true;
    }

    int pendingCount() {
        return pendingCount;
    }

    Object pending(int i) {
        return pending[i];
    }

    void clearPending() {
        for (int i = 0; i < pendingCount; i++) {
            pending[i] = null;
        }
        pendingCount = 0;
    }
}
