package io.conntrack.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.config.Config;
import io.conntrack.reporting.Monitor;
import io.conntrack.tracking.Tracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/** The MBean over a real tracker fed through its hooks, as the advice would. */
class ConnTrackBeanTest {

    private final Tracker tracker = new Tracker(Config.defaults(), message -> { });
    private final ConnTrackBean bean = new ConnTrackBean(tracker, new Monitor(tracker, Config.defaults(), Collections::emptyMap),
            Config.defaults(), "1.2.3", () -> Map.of("classesSeen", 1L), () -> true);

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
}
