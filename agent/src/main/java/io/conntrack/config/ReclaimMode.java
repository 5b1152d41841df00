package io.conntrack.config;

/** What ConnTrack may give back to a pool ({@code reclaim}); see docs/configuration.md. */
public enum ReclaimMode {
    /** Nothing: leaks are counted and shown, never given back. */
    OFF,
    /** Connections whose application handle was garbage-collected without close(): nobody can use them again. */
    LOST,
    /** Those, and connections held longer than {@code reclaimAfter} whose acquiring method is no longer running. */
    ABANDONED
}
