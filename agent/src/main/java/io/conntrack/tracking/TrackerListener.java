package io.conntrack.tracking;

/** What the tracker tells reporters. Called off the hot path, except {@link #heldTooLong}. */
public interface TrackerListener {

    /** A connection was garbage-collected while still open. Monitor thread. */
    default void leaked(ConnectionRecord record, long ageNanos) {
    }

    /** A connection was closed after being held longer than {@code holdThreshold}. Closing thread: keep cheap. */
    default void heldTooLong(ConnectionRecord record, long heldNanos) {
    }
}
