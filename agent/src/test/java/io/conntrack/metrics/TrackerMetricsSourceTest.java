package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.loaders.SameFrame;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.bootstrap.Bridge;
import io.conntrack.config.Config;
import io.conntrack.metrics.ExpositionParser.Exposition;
import io.conntrack.pools.TestPools;
import io.conntrack.reporting.Monitor;
import io.conntrack.testsupport.SourceLines;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.Snapshot;
import io.conntrack.tracking.TestSnapshots;
import io.conntrack.tracking.Tracker;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real Tracker, driven through its hooks as the advice would, read by the metrics source. */
class TrackerMetricsSourceTest {

    private final Tracker tracker = new Tracker(Config.defaults(), message -> { });
    private final Monitor monitor = new Monitor(tracker, TestPools.watch(tracker), Config.defaults(), LinkedHashMap::new);

    /** Stands in for an instrumented getConnection(): the frame the tracker skips as "the instrumented method". */
    private Object getConnection() {
        long token = tracker.acquireEnter(this);
        Object connection = new Object();
        tracker.acquireExit(token, Bridge.KIND_DATASOURCE, connection, null);
        return connection;
    }

    private void getConnectionThatFails() {
        long token = tracker.acquireEnter(this);
        tracker.acquireExit(token, Bridge.KIND_DATASOURCE, null, new java.sql.SQLTimeoutException("pool timeout"));
    }

    private void failingSite() {
        getConnectionThatFails();
    }

    private List<Object> busySite(int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(getConnection());
        }
        return out;
    }

    private Object quietSite() {
        return getConnection();
    }

    @Test
    void metricsShowTheSnapshotCounters() {
        List<Object> busy = busySite(3);
        tracker.closed(busy.get(0));
        tracker.closed(busy.get(1));
        tracker.closed(quietSite());
        failingSite();

        TrackerMetricsSource source = new TrackerMetricsSource(tracker, TestPools.watch(tracker), monitor, () -> true, 50);
        Exposition e = ExpositionParser.parse(source.metrics(TextFormat.Kind.PROMETHEUS), ExpositionParser.Format.PROMETHEUS);
        Snapshot s = tracker.snapshot();
        assertEquals(3, s.callsites.size());
        for (CallsiteSnapshot c : s.callsites) {
            assertEquals((double) c.open, e.value("conntrack_callsite_open", "callsite", c.callsite), c.callsite);
            assertEquals((double) c.acquired, e.value("conntrack_callsite_acquired_total", "callsite", c.callsite));
            assertEquals((double) c.closed, e.value("conntrack_callsite_closed_total", "callsite", c.callsite));
            assertEquals((double) c.failed, e.value("conntrack_callsite_failed_total", "callsite", c.callsite));
            assertEquals((double) c.closed, e.value("conntrack_callsite_hold_seconds_count", "callsite", c.callsite));
        }
        String busyFrame = frameOf(s, "busySite");
        assertEquals(1.0, e.value("conntrack_callsite_open", "callsite", busyFrame));
        assertEquals(1.0, e.value("conntrack_callsite_failed_total", "callsite", frameOf(s, "failingSite")));
        assertEquals(1.0, e.value("db_client_connection_count", "state", "used"));
        assertEquals(4.0, e.value("db_client_connection_wait_time_seconds_count"));
        assertEquals(3.0, e.value("db_client_connection_use_time_seconds_count"));
        assertTrue(e.samples("conntrack_callsite_open").stream().noneMatch(x -> x.labels.get("callsite").equals("other")));
    }

    @Test
    void callsitesBeyondTopNAreSummedUnderOther() {
        busySite(3);
        quietSite();
        failingSite();
        TrackerMetricsSource source = new TrackerMetricsSource(tracker, TestPools.watch(tracker), monitor, () -> true, 1);
        Exposition e = ExpositionParser.parse(source.metrics(TextFormat.Kind.OPENMETRICS), ExpositionParser.Format.OPENMETRICS);
        Snapshot s = tracker.snapshot();
        assertEquals(3.0, e.value("conntrack_callsite_open", "callsite", frameOf(s, "busySite")));
        assertEquals(1.0, e.value("conntrack_callsite_open", "callsite", "other"));
        assertEquals(1.0, e.value("conntrack_callsite_acquired_total", "callsite", "other"));
        assertEquals(1.0, e.value("conntrack_callsite_failed_total", "callsite", "other"));
        assertEquals(2, e.samples("conntrack_callsite_open").size());
    }

    @Test
    void dumpJsonIsAnOnDemandDumpAndWritesNoFile() throws Exception {
        List<Object> held = busySite(2);
        TrackerMetricsSource source = new TrackerMetricsSource(tracker, TestPools.watch(tracker), monitor, () -> true, 50);
        boolean dirBefore = Files.exists(Paths.get("conntrack"));
        JsonNode dump = new ObjectMapper().readTree(source.dumpJson());
        assertEquals("conntrack-dump/3", dump.get("format").asText());
        assertEquals("onDemand", dump.get("trigger").get("type").asText());
        assertEquals(2, dump.get("totals").get("application").get("open").asLong());
        JsonNode site = dump.get("callsites").get(0);
        assertEquals(frameOf(tracker.snapshot(), "busySite"), site.get("callsite").asText());
        assertEquals(2, site.get("oldestOpen").size());
        assertEquals(dirBefore, Files.exists(Paths.get("conntrack")), "no dump folder was created");
        assertNotNull(held);
    }

    /** The same class in two class loaders: two callsites, one frame, one series (was two with identical labels). */
    @Test
    void callsitesOfTheSameFrameFromTwoLoadersAreOneSeries() throws Exception {
        Object first = SameFrame.inNewLoader().apply(tracker);
        Object second = SameFrame.inNewLoader().apply(tracker);
        tracker.closed(SameFrame.inNewLoader().apply(tracker));
        String frame = SourceLines.frame(SameFrame.class, "acquire", "// SAME-FRAME");
        assertEquals(3, tracker.snapshot().callsites.size());

        TrackerMetricsSource source = new TrackerMetricsSource(tracker, TestPools.watch(tracker), monitor, () -> true, 50);
        Exposition e = ExpositionParser.parse(source.metrics(TextFormat.Kind.OPENMETRICS), ExpositionParser.Format.OPENMETRICS);
        assertEquals(1, e.samples("conntrack_callsite_open").size(), e.samples("conntrack_callsite_open").toString());
        assertEquals(2.0, e.value("conntrack_callsite_open", "callsite", frame));
        assertEquals(3.0, e.value("conntrack_callsite_acquired_total", "callsite", frame));
        assertEquals(1.0, e.value("conntrack_callsite_closed_total", "callsite", frame));
        assertEquals(1.0, e.value("conntrack_callsite_hold_seconds_count", "callsite", frame));
        tracker.closed(first);
        tracker.closed(second);
    }

    /** Summed series of hand-made snapshots: counters, hold histograms and sums all add up. */
    @Test
    void sameFrameSnapshotsRenderOneSeriesWithSummedValues() {
        String dao = "com.acme.OrderDao.load(OrderDao.java:42)";
        String other = "com.acme.ListDao.list(ListDao.java:25)";
        Snapshot s = TestSnapshots.snapshot(
                TestSnapshots.callsite(dao, false, 2, 3, 1, 1, 1_000_000),       // 3 holds of 1 ms
                TestSnapshots.callsite(other, false, 1, 0, 0, 0, 0),
                TestSnapshots.callsite(dao, false, 1, 2, 0, 4, 2_000_000_000L),  // 2 holds of 2 s
                TestSnapshots.pool(dao, 7));                                    // pool-owned: not a series
        TrackerMetricsSource source = new TrackerMetricsSource(tracker, TestPools.watch(tracker), monitor, () -> true, 50);
        Exposition e = ExpositionParser.parse(MetricsRenderer.render(source.view(s), TextFormat.Kind.PROMETHEUS),
                ExpositionParser.Format.PROMETHEUS);
        assertEquals(2, e.samples("conntrack_callsite_open").size(), e.samples("conntrack_callsite_open").toString());
        assertEquals(3.0, e.value("conntrack_callsite_open", "callsite", dao));
        assertEquals(9.0, e.value("conntrack_callsite_acquired_total", "callsite", dao));
        assertEquals(5.0, e.value("conntrack_callsite_closed_total", "callsite", dao));
        assertEquals(1.0, e.value("conntrack_callsite_leaked_total", "callsite", dao));
        assertEquals(5.0, e.value("conntrack_callsite_failed_total", "callsite", dao));
        assertEquals(5.0, e.value("conntrack_callsite_hold_seconds_count", "callsite", dao));
        assertEquals(4.003, e.value("conntrack_callsite_hold_seconds_sum", "callsite", dao), 1e-9);
        assertEquals(3.0, e.value("conntrack_callsite_hold_seconds_bucket", "callsite", dao, "le", "0.001024"));
        assertEquals(5.0, e.value("conntrack_callsite_hold_seconds_bucket", "callsite", dao, "le", "+Inf"));
        assertEquals(1.0, e.value("conntrack_callsite_open", "callsite", other));
    }

    @Test
    void trackingActiveFollowsTheSupplier() {
        TrackerMetricsSource source = new TrackerMetricsSource(tracker, TestPools.watch(tracker), monitor, () -> false, 50);
        Exposition e = ExpositionParser.parse(source.metrics(TextFormat.Kind.PROMETHEUS), ExpositionParser.Format.PROMETHEUS);
        assertEquals(0.0, e.value("conntrack_tracking_active"));
        assertFalse(e.samples("conntrack_tracking_active").isEmpty());
    }

    private static String frameOf(Snapshot s, String method) {
        for (CallsiteSnapshot c : s.callsites) {
            if (c.callsite.startsWith(TrackerMetricsSourceTest.class.getName() + "." + method + "(")) {
                return c.callsite;
            }
        }
        throw new AssertionError("no callsite in " + method);
    }
}
