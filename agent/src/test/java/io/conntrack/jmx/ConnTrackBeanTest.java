package io.conntrack.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.loaders.SameFrame;
import io.conntrack.config.Config;
import io.conntrack.pools.TestPools;
import io.conntrack.reporting.Monitor;
import io.conntrack.testsupport.SourceLines;
import io.conntrack.tracking.Snapshot;
import io.conntrack.tracking.TestSnapshots;
import io.conntrack.tracking.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/** The MBean over a real tracker fed through its hooks, as the advice would. */
class ConnTrackBeanTest {

    private final Tracker tracker = new Tracker(Config.defaults(), message -> { });
    private final ConnTrackBean bean = new ConnTrackBean(tracker, TestPools.watch(tracker), new Monitor(tracker, TestPools.watch(tracker), Config.defaults(), () -> Map.of("classesSeen", 1L)),
            Config.defaults(), "1.2.3", () -> true);

    /** Plays the instrumented getConnection: the callsite is its caller. */
    private Object acquire() {
        Object connection = new Object();
        long token = tracker.acquireEnter(this);
        tracker.acquireExit(token, 1, connection, null);
        return connection;
    }

    @Test
    void totalsCallsitesAndInMemoryDumps() {
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(acquire());
        }
        tracker.closed(held.remove(0));

        assertEquals("1.2.3", bean.getVersion());
        assertEquals(ConnTrackMBean.INTERFACE_VERSION, bean.getInterfaceVersion());
        assertEquals(2, bean.getApplicationOpen());
        assertEquals(3, bean.getApplicationAcquired());
        assertEquals(1, bean.getApplicationClosed());
        assertEquals(0, bean.getApplicationLeaked());
        assertEquals(100, bean.getLimit());
        assertEquals(60_000, bean.getHoldThresholdMillis());

        TabularData table = bean.getCallsites();
        assertEquals(1, table.size());
        CompositeData row = (CompositeData) table.values().iterator().next();
        assertTrue(((String) row.get("callsite")).startsWith("io.conntrack.jmx.ConnTrackBeanTest.totalsCallsitesAndInMemoryDumps(ConnTrackBeanTest.java:"),
                row.toString());
        assertEquals(2L, row.get("open"));
        assertEquals(3L, row.get("peak"));
        assertEquals(1, row.get("rank"));
        assertEquals(false, row.get("overLimit"));
        assertEquals(false, row.get("heldPastThreshold"));
        assertEquals(table, bean.getCallsites(), "rows are indexed by callsite and comparable");

        String json = bean.dumpJson();
        assertTrue(json.contains("\"type\":\"onDemand\"") && json.contains("\"message\":\"requested through JMX\""), json);
        assertTrue(json.contains("ConnTrackBeanTest.totalsCallsitesAndInMemoryDumps(") && json.contains("\"classesSeen\":1"), json);
        assertTrue(bean.dumpText().contains("Trigger: onDemand: requested through JMX"));

        tracker.closed(held.remove(0));
        bean.resetPeaks();
        CompositeData after = (CompositeData) bean.getCallsites().values().iterator().next();
        assertEquals(1L, after.get("peak"));
    }

    /** The same class in two class loaders: two callsites, one frame, one row (was KeyAlreadyExistsException). */
    @Test
    void callsitesOfTheSameFrameFromTwoLoadersAreOneSummedRow() throws Exception {
        Object first = SameFrame.inNewLoader().apply(tracker);
        Object second = SameFrame.inNewLoader().apply(tracker);
        Object third = SameFrame.inNewLoader().apply(tracker);
        tracker.closed(third);
        String frame = SourceLines.frame(SameFrame.class, "acquire", "// SAME-FRAME");
        List<String> frames = new ArrayList<>();
        tracker.snapshot().callsites.forEach(c -> frames.add(c.callsite));
        assertEquals(List.of(frame, frame, frame), frames, "three callsites that render alike");

        TabularData table = bean.getCallsites();
        assertEquals(1, table.size(), table.toString());
        CompositeData row = table.get(new Object[] {frame});
        assertEquals(2L, row.get("open"));
        assertEquals(3L, row.get("acquired"));
        assertEquals(1L, row.get("closed"));
        assertEquals(3L, row.get("peak"), "the sum of the peaks (1 each)");
        assertEquals(false, row.get("poolOwned"));
        assertEquals(1, row.get("rank"));
        tracker.closed(first);
        tracker.closed(second);
    }

    /** Rows carry the dumps' ranking: a leak first, pool-owned ones last, and no frame twice even across the flag. */
    @Test
    void rowsAreRankedAsDumpsRankCallsites() {
        String pool = "com.zaxxer.hikari.pool.PoolBase.newConnection(PoolBase.java:373)";
        String busy = "com.acme.ListDao.list(ListDao.java:25)";
        String leaker = "com.acme.ReportDao.load(ReportDao.java:31)";
        String held = "com.acme.OrderDao.pay(OrderDao.java:38)";
        Snapshot s = TestSnapshots.snapshot(TestSnapshots.pool(pool, 10), TestSnapshots.callsite(busy, 3, 0),
                TestSnapshots.callsite(held, 1, 0), TestSnapshots.callsite(leaker, 0, 1),
                TestSnapshots.callsite(leaker, 0, 2), TestSnapshots.pool(busy, 1));
        TabularData table = CallsiteTable.of(s.callsitesByFrame(), 2, Set.of(held));
        assertEquals(5, table.size(), table.toString());
        assertEquals(1, table.get(new Object[] {leaker}).get("rank"));
        assertEquals(3L, table.get(new Object[] {leaker}).get("leaked"), "both leakers, summed");
        assertEquals(2, table.get(new Object[] {busy}).get("rank"), "3 > limit 2");
        assertEquals(true, table.get(new Object[] {busy}).get("overLimit"));
        assertEquals(3, table.get(new Object[] {held}).get("rank"));
        assertEquals(true, table.get(new Object[] {held}).get("heldPastThreshold"));
        assertEquals(4, table.get(new Object[] {pool}).get("rank"));
        CompositeData poolTwin = table.get(new Object[] {busy + " [pool-owned]"});
        assertEquals(5, poolTwin.get("rank"));
        assertEquals(true, poolTwin.get("poolOwned"));
    }
}
