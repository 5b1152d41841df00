package io.conntrack.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.tracking.Callsite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlightRecorderTest {

    private static final long T0 = 1_796_104_200_000L;

    private final List<String> log = new ArrayList<>();
    private final FlightRecorder recorder = new FlightRecorder(log::add);

    private void sample(int pool, long millis) {
        recorder.sample(millis, pool, "pool-" + pool, 1, 0, 10, 1, 9, 0, 0, 0, List.of());
    }

    @Test
    void poolsAreRecordedUpToTheLimitAndASlotIsFreedFifteenMinutesAfterItsPoolsLastSample() {
        for (int id = 1; id <= FlightRecorder.MAX_POOLS + 1; id++) {
            sample(id, T0);
        }
        TimelineSnapshot s = recorder.snapshot(T0 + 500);
        assertEquals(FlightRecorder.MAX_POOLS, s.pools.size(), "the first 32 pools");
        assertEquals(1, s.pools.get(0).id);
        assertEquals("pool-1", s.pools.get(0).name);
        assertEquals(FlightRecorder.MAX_POOLS, s.pools.get(s.pools.size() - 1).id, "the 33rd is not recorded");

        long later = T0 + FlightRecorder.SPAN_MILLIS + 1000;
        sample(2, later); // still sampled
        sample(99, later); // takes the slot of a pool not sampled for 15 minutes
        s = recorder.snapshot(later + 500);
        assertEquals(List.of(2, 99), ids(s), "the others have nothing within the span");
        assertEquals(1, log.size(), "the 33rd pool is said, once: " + log);
        assertTrue(log.get(0).startsWith("the pools' timeline keeps 32 pools and all are in use: pool 'pool-33' "), log.get(0));
    }

    /** Issue 29: pool ids are reused; a collected pool's slot goes to the next pool, never its samples. */
    @Test
    void aCollectedPoolsSlotGoesToTheNextPoolAndAReusedIdStartsAfresh() {
        for (int id = 1; id <= FlightRecorder.MAX_POOLS; id++) {
            sample(id, T0);
        }
        recorder.poolGone(5);
        recorder.poolGone(9);
        sample(5, T0 + 1000); // the id of a pool gone, now another pool's: not the old timeline
        TimelineSnapshot s = recorder.snapshot(T0 + 1500);
        List<TimelineSnapshot.PoolSeries> fives = new ArrayList<>();
        for (TimelineSnapshot.PoolSeries p : s.pools) {
            if (p.id == 5) {
                fives.add(p);
            }
        }
        assertEquals(1, fives.size(), "the old pool 5's slot was taken (it was sampled longest ago of those gone, tied with 9)");
        assertEquals(1, fives.get(0).size(), "one sample: the new pool's");
        assertEquals(T0 + 1000, fives.get(0).timeMillis[0]);
        sample(40, T0 + 2000); // takes pool 9's slot
        assertEquals(FlightRecorder.MAX_POOLS, recorder.snapshot(T0 + 2500).pools.size());
        assertTrue(ids(recorder.snapshot(T0 + 2500)).contains(40));
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void theLastTriggersWithinTheSpanAreKeptOldestFirst() {
        for (int i = 0; i < FlightRecorder.MAX_TRIGGERS + 6; i++) {
            recorder.trigger(T0 + i * 1000L, i % 2 == 0 ? "leak" : "forecast", i % 2 == 0 ? "com.acme.Dao.load(Dao.java:" + i + ")" : null);
        }
        TimelineSnapshot s = recorder.snapshot(T0 + 100_000);
        assertEquals(FlightRecorder.MAX_TRIGGERS, s.triggers.size());
        assertEquals(T0 + 6000, s.triggers.get(0).atMillis, "the six oldest were overwritten");
        assertEquals("leak", s.triggers.get(0).type);
        assertEquals("com.acme.Dao.load(Dao.java:6)", s.triggers.get(0).callsite);
        assertNull(s.triggers.get(1).callsite);
        assertEquals(T0 + (FlightRecorder.MAX_TRIGGERS + 5) * 1000L, s.triggers.get(s.triggers.size() - 1).atMillis);

        s = recorder.snapshot(T0 + 30_000 + FlightRecorder.SPAN_MILLIS);
        assertEquals(T0 + 30_000, s.triggers.get(0).atMillis, "older than 15 minutes: left out");
    }

    @Test
    void aFailureOfItsOwnSwitchesTheRecorderOffWithOneLine() {
        sample(1, T0);
        List<Callsite> broken = Arrays.asList((Callsite) null);
        recorder.sample(T0 + 1000, 1, "p", 1, 0, 10, 1, 9, 0, 0, 0, broken);
        recorder.sample(T0 + 2000, 1, "p", 1, 0, 10, 1, 9, 0, 0, 0, broken);
        recorder.trigger(T0 + 2000, "leak", null);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("the pools' timeline failed and is now off (dumps carry an empty timeline; the rest of"
                + " ConnTrack goes on): java.lang.NullPointerException"), log.get(0));
        assertSame(TimelineSnapshot.EMPTY, recorder.snapshot(T0 + 3000));
    }

    @Test
    void theTriggerRingAndAPoolsTimelineAreAFewKilobytes() {
        assertTrue(FlightRecorder.bytesPerPool() < 8 * 1024, "per pool: " + FlightRecorder.bytesPerPool());
        assertEquals(6952, FlightRecorder.bytesPerPool(), "the arrays docs/dump-format.md counts (of the 7,168 bytes a pool costs in all)");
    }

    private static List<Integer> ids(TimelineSnapshot s) {
        List<Integer> out = new ArrayList<>();
        for (TimelineSnapshot.PoolSeries p : s.pools) {
            out.add(p.id);
        }
        return out;
    }
}
