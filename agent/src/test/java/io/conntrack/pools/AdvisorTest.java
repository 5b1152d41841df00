package io.conntrack.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisorTest {

    private static final String LEAK = "com.acme.WidgetReport.serve(WidgetReport.java:31)";
    private static final String HOG = "com.acme.Orders.create(Orders.java:40)";
    private static final String WAIT = "com.acme.PaymentGateway.charge(PaymentGateway.java:22)";

    private static PoolState pool(long max, long active, long lost, double lossPerMinute) {
        return pool(max, active, lost, lossPerMinute, 300);
    }

    private static PoolState pool(long max, long active, long lost, double lossPerMinute, double historySeconds) {
        PoolState s = new PoolState();
        s.lossHistorySeconds = historySeconds;
        s.name = "widgets";
        s.maxSize = max;
        s.active = active;
        s.lost = lost;
        s.lossRatePerMinute = lossPerMinute;
        s.exhaustionSeconds = Forecast.exhaustionSeconds(max, active, lossPerMinute / 60);
        return s;
    }

    @Test
    void aHealthyPoolGetsNoAdvice() {
        PoolState s = pool(10, 2, 0, 0);
        List<String> advice = Advisor.advise(s, List.of(new Advisor.Site(LEAK, 0, 500, 20_000_000L, null, 0, 0)), 30, 500);
        assertEquals(List.of(), advice);
    }

    @Test
    void aLeakNamesTheLineTheLossesTheHeadroomAndWhatABiggerPoolBuys() {
        PoolState s = pool(10, 7, 5, 7.5); // 7.5/min = 1 per 8 s: 3 left = 24 s
        List<String> advice = Advisor.advise(s, List.of(new Advisor.Site(LEAK, 5, 100, 10_000_000L, null, 0, 0)), 40, 100);
        assertEquals(1, advice.size(), advice.toString());
        String a = advice.get(0);
        assertTrue(a.startsWith("leak at " + LEAK + ": 5 connection(s) from pool 'widgets' garbage-collected without close()"), a);
        assertTrue(a.contains("headroom 3 of max 10 left"), a);
        assertTrue(a.contains("(7.5 lost/min over the last 5.0 min) it is exhausted in ~24 s"), a);
        assertTrue(a.contains("10 more connections buy ~80 s"), a);
    }

    /** Issue 29: the advice says how much history its rate rests on, and calls a rate of its first seconds an early estimate. */
    @Test
    void aLeakSaysHowMuchHistoryItsRateRestsOn() {
        Advisor.Site leak = new Advisor.Site(LEAK, 5, 100, 10_000_000L, null, 0, 0);
        String young = Advisor.advise(pool(10, 7, 5, 25, 12), List.of(leak), 12, 100).get(0);
        assertTrue(young.contains("at the measured rate (25.0 lost/min in its first 12 s: an early estimate) it is exhausted in ~7 s"), young);
        String older = Advisor.advise(pool(10, 7, 5, 2.5, 120), List.of(leak), 120, 100).get(0);
        assertTrue(older.contains("at the measured rate (2.5 lost/min over the 2.0 min it has been watched) it is exhausted in ~72 s"), older);
    }

    @Test
    void aLeakWithoutARecentTrendStillSaysABiggerPoolOnlyDelays() {
        PoolState s = pool(10, 3, 3, 0);
        String a = Advisor.advise(s, List.of(new Advisor.Site(LEAK, 3, 10, 0, null, 0, 0)), 4000, 10).get(0);
        assertTrue(a.contains("a bigger pool only delays the outage"), a);
    }

    @Test
    void aHogIsACallsiteHoldingLongWhileWaitingOutsideJdbc() {
        PoolState s = pool(10, 3, 0, 0);
        List<String> advice = Advisor.advise(s, List.of(new Advisor.Site(HOG, 0, 7, 3_000_000_000L, WAIT, 4, 5)), 30, 7);
        assertEquals(List.of("hog at " + HOG + ": holds p99 3.0 s while waiting in " + WAIT
                + " (seen 4 of 5 times its held connections were looked at): move that call outside the connection's scope"), advice);
    }

    @Test
    void longHoldsWithoutEvidenceOfWaitingAreNoHog() {
        PoolState s = pool(10, 3, 0, 0);
        assertEquals(List.of(), Advisor.advise(s, List.of(new Advisor.Site(HOG, 0, 7, 3_000_000_000L, null, 0, 5)), 30, 7));
    }

    @Test
    void aTimeoutShorterThanAHoldIsNamed() {
        PoolState s = pool(10, 3, 0, 0);
        s.connectionTimeoutMillis = 300;
        List<String> advice = Advisor.advise(s, List.of(new Advisor.Site(HOG, 0, 7, 3_000_000_000L, null, 0, 0)), 30, 7);
        assertEquals(1, advice.size(), advice.toString());
        assertTrue(advice.get(0).startsWith("sizing: connectionTimeout 300 ms of pool 'widgets' is shorter than the hold p99 3.0 s at " + HOG),
                advice.get(0));
    }

    @Test
    void demandByLittlesLawNearTheMaximum() {
        PoolState s = pool(10, 3, 0, 0);
        s.demandPeak = 9.0;
        s.demandPeakRate = 30;
        s.demandPeakMeanHoldSeconds = 0.3;
        List<String> advice = Advisor.advise(s, List.of(), 30, 1000);
        assertEquals(List.of("sizing: demand by Little's law peaked at 9.0 connections (30.0 acquisitions/s x mean hold 300 ms)"
                + " in 30 s of watching, against max 10 of pool 'widgets': shorten the holds or raise the maximum"), advice);
    }

    @Test
    void aPoolNeverMoreThanAFifthUsed() {
        PoolState s = pool(50, 1, 0, 0);
        s.peakInUse = 4;
        List<String> advice = Advisor.advise(s, List.of(), 1200, 5000);
        assertEquals(List.of("sizing: pool 'widgets' never had more than 4 of max 50 in use (8%) in 20.0 min and 5000 acquisitions:"
                + " a maximum of 8 would do"), advice);
        assertEquals(List.of(), Advisor.advise(s, List.of(), 30, 5000), "not after 30 s");
        assertEquals(List.of(), Advisor.advise(s, List.of(), 1200, 50), "not after 50 acquisitions");
    }

    @Test
    void abandonedConnectionsAreNamedWithTheirLineCountAndAge() {
        PoolState s = pool(6, 6, 0, 0);
        s.abandoned.add(new ReclaimView.Abandoned(LEAK, 6, 42.0));
        List<String> advice = Advisor.advise(s, List.of(new Advisor.Site(LEAK, 0, 3, 10_000_000L, null, 0, 0)), 60, 9);
        assertEquals(1, advice.size(), advice.toString());
        assertTrue(advice.get(0).startsWith("abandoned at " + LEAK + ": 6 of max 6 held with their acquiring method finished (oldest 42.0 s)"),
                advice.get(0));
    }

    @Test
    void aLeakGivenBackByReclaimStillNamesTheLine() {
        PoolState s = pool(10, 1, 5, 0);
        s.reclaimMode = "lost";
        s.reclaimedLost = 5;
        s.reclaimedBySite.add(java.util.Map.entry(LEAK, 5L));
        String a = Advisor.advise(s, List.of(new Advisor.Site(LEAK, 5, 100, 10_000_000L, null, 0, 0)), 40, 100).get(0);
        assertEquals("leak at " + LEAK + ": 5 connection(s) from pool 'widgets' garbage-collected without close(); ConnTrack gave all 5"
                + " back (reclaim=lost): the pool keeps going, the line is still wrong. Close the connection on every path"
                + " (try-with-resources).", a);
    }

    @Test
    void abandonedOnesReclaimedKeepTheirLineInTheAdvice() {
        PoolState s = pool(10, 1, 0, 0);
        s.reclaimMode = "abandoned";
        s.reclaimedAbandoned = 2;
        s.reclaimedBySite.add(java.util.Map.entry(HOG, 2L));
        List<String> advice = Advisor.advise(s, List.of(new Advisor.Site(HOG, 0, 7, 10_000_000L, null, 0, 0)), 30, 7);
        assertEquals(1, advice.size(), advice.toString());
        assertTrue(advice.get(0).startsWith("abandoned at " + HOG + ": ConnTrack reclaimed 2 connection(s) of pool 'widgets'"), advice.get(0));
    }
}
