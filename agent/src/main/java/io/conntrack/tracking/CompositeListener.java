package io.conntrack.tracking;

/** Two listeners told in turn; one failing does not keep the other from hearing. */
final class CompositeListener implements TrackerListener {

    private final TrackerListener first;
    private final TrackerListener second;

    CompositeListener(TrackerListener first, TrackerListener second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void leaked(ConnectionRecord record, long ageNanos) {
        try {
            first.leaked(record, ageNanos);
        } finally {
            second.leaked(record, ageNanos);
        }
    }

    @Override
    public void heldTooLong(ConnectionRecord record, long heldNanos) {
        try {
            first.heldTooLong(record, heldNanos);
        } finally {
            second.heldTooLong(record, heldNanos);
        }
    }
}
