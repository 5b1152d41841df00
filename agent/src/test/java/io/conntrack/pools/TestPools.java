package io.conntrack.pools;

import io.conntrack.tracking.Tracker;

/** A PoolWatch for a tracker made in a unit test (no pools registered unless the test registers them). */
public final class TestPools {

    private TestPools() {
    }

    public static PoolWatch watch(Tracker tracker) {
        PoolWatch w = new PoolWatch(new PoolRegistry(), tracker::openRecordsUnsorted, tracker::callsites, tracker.classifier(), m -> { });
        tracker.addListener(w);
        return w;
    }
}
