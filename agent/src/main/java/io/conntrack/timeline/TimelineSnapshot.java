package io.conntrack.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A copy of the flight recorder at one moment, for one dump: plain arrays, -1 where a value is unknown. */
public final class TimelineSnapshot {

    public static final TimelineSnapshot EMPTY = new TimelineSnapshot(Collections.emptyList(), Collections.emptyList());

    public static final int STEP_SECONDS = 1;
    public static final int COARSE_STEP_SECONDS = PoolTimeline.COARSE_SECONDS;
    public static final int FINE_SECONDS = PoolTimeline.FINE;
    public static final int SPAN_SECONDS = PoolTimeline.COARSE * PoolTimeline.COARSE_SECONDS;

    public final List<TriggerMark> triggers;
    public final List<PoolSeries> pools;

    TimelineSnapshot(List<TriggerMark> triggers, List<PoolSeries> pools) {
        this.triggers = Collections.unmodifiableList(new ArrayList<>(triggers));
        this.pools = Collections.unmodifiableList(new ArrayList<>(pools));
    }

    /** A trigger that became a dump request. */
    public static final class TriggerMark {
        public final long atMillis;
        public final String type;
        /** The trigger's callsite, or null. */
        public final String callsite;

        TriggerMark(long atMillis, String type, String callsite) {
            this.atMillis = atMillis;
            this.type = type;
            this.callsite = callsite;
        }
    }

    /** One pool's samples, oldest first; the first {@link #coarseSamples} are 15-second aggregates. */
    public static final class PoolSeries {
        public final int id;
        public final String name;
        /** When the first acquisition from this pool threw (else when a sample first saw one); -1 if none did. */
        public final long firstFailureMillis;
        public final int coarseSamples;
        public final long[] timeMillis;
        public final long[] inUse;
        public final long[] lost;
        public final long[] failed;
        public final long[] waiting;
        public final long[] max;
        public final long[] active;
        public final long[] idle;
        /** Tracked callsites by slot (null: slot unused) and their columns, -1 where not tracked. */
        public final String[] siteNames = new String[PoolTimeline.SITES];
        public final long[][] siteOpen;
        public final long[][] siteLeaked;

        PoolSeries(int id, String name, long firstFailureMillis, int coarseSamples, int n) {
            this.id = id;
            this.name = name;
            this.firstFailureMillis = firstFailureMillis;
            this.coarseSamples = coarseSamples;
            timeMillis = new long[n];
            inUse = new long[n];
            lost = new long[n];
            failed = new long[n];
            waiting = new long[n];
            max = new long[n];
            active = new long[n];
            idle = new long[n];
            siteOpen = new long[PoolTimeline.SITES][n];
            siteLeaked = new long[PoolTimeline.SITES][n];
        }

        public int size() {
            return timeMillis.length;
        }
    }
}
