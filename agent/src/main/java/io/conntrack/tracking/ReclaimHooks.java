package io.conntrack.tracking;

/**
 * How the tracker serves {@code reclaim} (implemented by {@code io.conntrack.reclaim}): with the option
 * off the tracker calls neither method. Both run on application threads: lock-free, no I/O, and they
 * never throw.
 */
public interface ReclaimHooks {

    /**
     * What the pool needs to find this application connection's entry again once the handle is gone
     * (its internal entry, read through a per-class cached getter), or null when ConnTrack cannot
     * reclaim it. Kept in the record until the connection is closed, collected or reclaimed.
     */
    Object keep(Object connection, Thread acquiring);

    /** close() or abort() began on a connection that no open record knows (a handle ConnTrack may have reclaimed). */
    void closedUntracked(Object connection);
}
