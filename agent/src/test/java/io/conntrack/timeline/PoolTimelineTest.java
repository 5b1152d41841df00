package io.conntrack.timeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.TestCallsites;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PoolTimelineTest {

    /** 2026-12-01T05:50:00Z: a whole 15-second period, so the tests can count periods. */
    private static final long T0 = 1_796_104_200_000L;
    private static final long SPAN = FlightRecorder.SPAN_MILLIS;

    private static void sample(PoolTimeline t, long millis, long inUse, long lost, long failed, List<Callsite> sites) {
        t.sample(millis, "widgets", inUse, lost, 10, inUse + lost, 10 - inUse, 0, failed, 0, sites);
    }

    @Test
    void oneSampleASecondKeepsTheLastTwoMinutesBySecondAndFifteenMinutesByFifteenSeconds() {
        PoolTimeline t = new PoolTimeline(1);
        int seconds = 1000; // well past both rings
        for (int s = 0; s < seconds; s++) {
            sample(t, T0 + s * 1000L + 137, s % 7, s / 100, s / 10, List.of());
        }
        long now = T0 + (seconds - 1) * 1000L + 500;
        TimelineSnapshot.PoolSeries p = t.snapshot(now, SPAN);

        // the fine ring holds the last two minutes (seconds 880 to 999); the coarse periods go up to the end of
        // the one second 880 lies in (870 to 884), the fine seconds follow from 885
        int fine = 115;
        assertEquals(fine, p.size() - p.coarseSamples);
        long fineStart = T0 + 885_000L;
        assertEquals(fineStart, p.timeMillis[p.coarseSamples], "fine buckets start at their second");
        for (int i = p.coarseSamples; i < p.size(); i++) {
            int s = (int) ((p.timeMillis[i] - T0) / 1000);
            assertEquals(s % 7, p.inUse[i], "in use at +" + s + "s");
            assertEquals(s / 100, p.lost[i]);
            assertEquals(s / 10, p.failed[i]);
            assertEquals(10, p.max[i]);
            assertEquals(0, p.waiting[i]);
        }
        // coarse: every 15-second period before the fine window and within 15 minutes of now
        assertTrue(p.coarseSamples > 0);
        for (int i = 0; i < p.coarseSamples; i++) {
            long start = p.timeMillis[i];
            assertEquals(0, (start - T0) % 15_000, "a period start");
            assertTrue(start < fineStart && start + 15_000 > now - SPAN, "within the span, before the fine window: " + (start - T0));
            int s0 = (int) ((start - T0) / 1000);
            assertEquals(6, p.inUse[i], "the period's highest in use (0..6 within 15 s)");
            assertEquals(4, p.idle[i], "the period's lowest idle");
            assertEquals(Math.min(s0 + 14, seconds - 1) / 10, p.failed[i], "counters: the period's last value");
        }
        // the ring's 60 periods end with the current one (second 990: period 66), so they start with period 7
        assertEquals(52, p.coarseSamples, "periods 7 to 58");
        assertEquals(T0 + 7 * 15_000, p.timeMillis[0]);
        for (int i = 1; i < p.size(); i++) {
            assertTrue(p.timeMillis[i] > p.timeMillis[i - 1], "oldest first");
        }
    }

    @Test
    void aShortRunHasOnlyFineSamplesAndSecondsWithoutOneStayEmpty() {
        PoolTimeline t = new PoolTimeline(1);
        sample(t, T0 + 100, 1, 0, 0, List.of());
        sample(t, T0 + 1100, 2, 0, 0, List.of());
        sample(t, T0 + 1900, 3, 0, 0, List.of()); // the same second again: the later one counts
        sample(t, T0 + 5000, 4, 1, 2, List.of()); // seconds 2 to 4 had no sample
        TimelineSnapshot.PoolSeries p = t.snapshot(T0 + 5500, SPAN);
        assertEquals(0, p.coarseSamples);
        assertArrayEquals(new long[] {T0, T0 + 1000, T0 + 5000}, p.timeMillis);
        assertArrayEquals(new long[] {1, 3, 4}, p.inUse);
        assertArrayEquals(new long[] {0, 0, 1}, p.lost);
        assertArrayEquals(new long[] {0, 0, 2}, p.failed);
        assertEquals(T0 + 5000, p.firstFailureMillis, "the first sample that saw a failure");
    }

    @Test
    void whatThePoolDoesNotTellIsUnknownAndBigNumbersSaturate() {
        PoolTimeline t = new PoolTimeline(1);
        t.sample(T0, "p", 70_000, 5_000_000_000L, -1, -1, -1, -1, 0, 0, List.of());
        t.sample(T0 + 1000, "p", 3, 5_000_000_007L, 1 << 20, 4, 5, 6, 1, T0 + 700, List.of());
        TimelineSnapshot.PoolSeries p = t.snapshot(T0 + 1500, SPAN);
        assertArrayEquals(new long[] {65_534, 3}, p.inUse, "gauges saturate at 65,534");
        assertArrayEquals(new long[] {5_000_000_000L, 5_000_000_007L}, p.lost, "counters above the first sample, exact");
        assertArrayEquals(new long[] {-1, 65_534}, p.max);
        assertArrayEquals(new long[] {-1, 4}, p.active);
        assertArrayEquals(new long[] {-1, 5}, p.idle);
        assertArrayEquals(new long[] {-1, 6}, p.waiting);
        assertEquals(T0 + 700, p.firstFailureMillis, "the time the pool's first failure was counted, when known");
    }

    @Test
    void aJumpOfTheClockClearsWhatItSkippedAndAClockGoingBackLandsInTheNewestBucket() {
        PoolTimeline t = new PoolTimeline(1);
        sample(t, T0, 1, 0, 0, List.of());
        sample(t, T0 + 3_600_000, 2, 0, 0, List.of()); // an hour later: everything before is out of the span
        sample(t, T0 + 3_600_000 - 5000, 5, 0, 0, List.of()); // the clock went back 5 s
        TimelineSnapshot.PoolSeries p = t.snapshot(T0 + 3_600_500, SPAN);
        assertArrayEquals(new long[] {T0 + 3_600_000}, java.util.Arrays.copyOfRange(p.timeMillis, p.coarseSamples, p.size()));
        assertEquals(5, p.inUse[p.size() - 1]);
        for (int i = 0; i < p.coarseSamples; i++) {
            assertTrue(p.timeMillis[i] >= T0 + 3_600_500 - SPAN - 15_000, "nothing older than the span");
        }
    }

    @Test
    void samplesOlderThanTheSpanAreLeftOutOfASnapshot() {
        PoolTimeline t = new PoolTimeline(1);
        sample(t, T0, 1, 0, 0, List.of());
        sample(t, T0 + 1000, 2, 0, 0, List.of());
        assertEquals(2, t.snapshot(T0 + 2000, SPAN).size());
        assertEquals(0, t.snapshot(T0 + SPAN + 60_000, SPAN).size(), "a pool no longer sampled: nothing within 15 minutes");
    }

    @Test
    void theTopCallsitesByLeakedThenOpenAreTrackedEachInItsOwnColumn() {
        Callsite leaking = TestCallsites.application("com.acme.Report", "serve", 31);
        Callsite holding = TestCallsites.application("com.acme.Orders", "create", 38);
        Callsite quiet = TestCallsites.application("com.acme.List", "list", 12);
        Callsite busy = TestCallsites.application("com.acme.Search", "find", 7);
        Callsite pool = TestCallsites.poolOwned("com.zaxxer.hikari.pool.PoolBase", "newConnection", 1);
        TestCallsites.open(pool, 10);
        List<Callsite> sites = new ArrayList<>(List.of(pool, quiet, holding, leaking));
        PoolTimeline t = new PoolTimeline(1);
        TestCallsites.leak(leaking, 2);
        TestCallsites.open(holding, 1);
        sample(t, T0, 1, 2, 0, sites);
        TestCallsites.leak(leaking, 1);
        TestCallsites.open(leaking, 1);
        sample(t, T0 + 1000, 2, 3, 0, sites);
        TimelineSnapshot.PoolSeries p = t.snapshot(T0 + 1500, SPAN);
        assertEquals("com.acme.Report.serve(Report.java:31)", p.siteNames[0], "leaked most: first slot");
        assertEquals("com.acme.Orders.create(Orders.java:38)", p.siteNames[1]);
        assertNull(p.siteNames[2], "nothing open or leaked at the quiet one; pool-owned ones never");
        assertArrayEquals(new long[] {2, 3}, p.siteLeaked[0], "leaked since before the first sample, as counted");
        assertArrayEquals(new long[] {0, 1}, p.siteOpen[0]);
        assertArrayEquals(new long[] {1, 1}, p.siteOpen[1]);

        // two more callsites enter: the quiet one fills the free slot, then the busiest takes the slot of the one that left the top
        TestCallsites.open(quiet, 2);
        TestCallsites.open(busy, 5);
        sites.add(busy);
        TestCallsites.close(holding, 1);
        sample(t, T0 + 2000, 8, 3, 0, sites);
        p = t.snapshot(T0 + 2500, SPAN);
        assertEquals("com.acme.Report.serve(Report.java:31)", p.siteNames[0], "a tracked callsite keeps its slot");
        assertEquals("com.acme.Search.find(Search.java:7)", p.siteNames[1], "took the slot of the one that closed everything");
        assertEquals("com.acme.List.list(List.java:12)", p.siteNames[2]);
        assertArrayEquals(new long[] {-1, -1, 5}, p.siteOpen[1], "a new callsite's column starts empty");
        assertArrayEquals(new long[] {-1, -1, 0}, p.siteLeaked[1]);
        assertArrayEquals(new long[] {2, 3, 3}, p.siteLeaked[0]);
    }

    @Test
    void sampleAllocatesNothingAndTheMemoryIsWhatIsStated() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Callsite site = TestCallsites.application("com.acme.Report", "serve", 31);
        TestCallsites.leak(site, 3);
        List<Callsite> sites = new ArrayList<>(List.of(site));
        PoolTimeline warm = new PoolTimeline(9);
        for (int s = 0; s < 20_000; s++) { // the loop's code compiled before measuring
            sample(warm, T0 + s * 700L, s % 9, s / 50, s / 30, sites);
        }

        long before = mx.getThreadAllocatedBytes(thread);
        PoolTimeline t = new PoolTimeline(1);
        long constructed = mx.getThreadAllocatedBytes(thread) - before;
        long idle = mx.getThreadAllocatedBytes(thread);
        idle = mx.getThreadAllocatedBytes(thread) - idle; // what asking costs
        before = mx.getThreadAllocatedBytes(thread);
        for (int s = 0; s < 200_000; s++) {
            sample(t, T0 + s * 700L, s % 9, s / 50, s / 30, sites);
        }
        long sampled = mx.getThreadAllocatedBytes(thread) - before - idle;

        long stated = FlightRecorder.bytesPerPool();
        assertTrue(stated > 4 * 1024 && stated < 8 * 1024, "a few KB per pool: " + stated);
        assertTrue(constructed >= stated && constructed <= stated + 320, "a timeline allocates its arrays once: " + constructed
                + " bytes, arrays " + stated);
        assertTrue(sampled < 8 * 1024, "200,000 samples (wrapping both rings many times) allocated " + sampled + " bytes; one"
                + " object a sample would be 3 MB");
        assertEquals(PoolTimeline.FINE + PoolTimeline.COARSE, 180, "the bound: a fixed number of buckets whatever the run's length");
    }

    @Test
    void aDumpReadsConsistentSamplesWhileTheMonitorWrites() throws Exception {
        PoolTimeline t = new PoolTimeline(1);
        int samples = 200_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread monitor = new Thread(() -> {
            try {
                for (int i = 0; i < samples; i++) { // every value of a sample is the same number: a torn read shows
                    long v = i % 1000;
                    t.sample(T0 + i * 400L, "p", v, i, v, v, v, v, i, 0, List.of());
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "test-monitor");
        monitor.start();
        int snapshots = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (monitor.isAlive() || snapshots == 0) {
            TimelineSnapshot.PoolSeries p = t.snapshot(Long.MAX_VALUE / 2, Long.MAX_VALUE);
            snapshots++;
            if (p == null) {
                continue;
            }
            assertTrue(p.size() <= PoolTimeline.FINE + PoolTimeline.COARSE, "bounded: " + p.size());
            for (int i = p.coarseSamples; i < p.size(); i++) {
                assertEquals(p.inUse[i], p.max[i], "one sample, not two halves");
                assertEquals(p.inUse[i], p.idle[i]);
                assertEquals(p.lost[i], p.failed[i]);
            }
            for (int i = 1; i < p.size(); i++) {
                assertTrue(p.timeMillis[i] > p.timeMillis[i - 1]);
                assertTrue(p.lost[i] >= p.lost[i - 1], "a counter never goes back");
            }
            assertTrue(System.nanoTime() < deadline, "the monitor thread did not finish");
        }
        monitor.join();
        assertNull(failure.get());
        assertTrue(snapshots > 1, "read while written: " + snapshots);
        TimelineSnapshot.PoolSeries last = t.snapshot(T0 + samples * 400L, SPAN);
        assertEquals(samples - 1, last.lost[last.size() - 1]);
    }
}
