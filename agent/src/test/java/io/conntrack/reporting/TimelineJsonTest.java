package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.it.DumpFormat;
import io.conntrack.timeline.FlightRecorder;
import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.TestCallsites;
import io.conntrack.tracking.Tracker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_796_104_200_000L;

    /** A pool of 10 losing a connection every 3 s at one line, failing from the 24th second on. */
    static FlightRecorder leakingPool(String name) {
        FlightRecorder r = new FlightRecorder(line -> {
            throw new AssertionError(line);
        });
        Callsite leak = TestCallsites.application("com.acme.Report", "serve", 31);
        for (int s = 0; s < 30; s++) {
            if (s % 3 == 2) {
                TestCallsites.leak(leak, 1);
            }
            long lost = leak.leakedCount();
            long inUse = Math.min(2, 10 - lost);
            long failed = s >= 24 ? (s - 23) * 4L : 0;
            r.sample(T0 + s * 1000L + 250, 1, name, inUse, lost, 10, inUse + lost, 10 - inUse - lost, s >= 24 ? 3 : 0, failed, s >= 24 ? T0 + 23_900 : 0,
                    List.of(leak));
            if (s == 9) {
                r.trigger(T0 + s * 1000L + 400, "leak", leak.frame);
            }
            if (s == 15) {
                r.trigger(T0 + s * 1000L + 400, "forecast", leak.frame);
            }
        }
        return r;
    }

    static Dump dump(FlightRecorder r) throws Exception {
        Tracker t = TestDumps.tracker("");
        return new Dump.Builder(t.snapshot(), t.openRecords(), t.config())
                .trigger(new Trigger(Trigger.Type.ON_DEMAND, "after the load", null, 0, 0))
                .timeline(r.snapshot(T0 + 30_000)).agentCounters(Map.of()).build();
    }

    @Test
    void theTimelineIsRenderedAsDocumented() throws Exception {
        JsonNode json = JSON.readTree(DumpJson.render(dump(leakingPool("widgets"))));
        assertEquals(List.of(), DumpFormat.documented().check(json));
        JsonNode t = json.get("timeline");
        assertEquals(1, t.get("stepSeconds").asInt());
        assertEquals(15, t.get("coarseStepSeconds").asInt());
        assertEquals(900, t.get("spanSeconds").asInt());
        assertEquals(2, t.get("triggers").size());
        assertEquals(T0 + 9400, t.get("triggers").get(0).get("atMillis").asLong());
        assertEquals("forecast", t.get("triggers").get(1).get("type").asText());
        JsonNode p = t.get("pools").get(0);
        assertEquals("widgets", p.get("name").asText());
        assertEquals(30, p.get("timeMillis").size());
        assertEquals(T0, p.get("timeMillis").get(0).asLong());
        assertEquals(T0 + 23_900, p.get("firstFailureAtMillis").asLong(), "when the pool's first acquisition threw");
        assertEquals(0, p.get("coarseSamples").asInt());
        for (String column : List.of("inUse", "lost", "failed", "waiting", "max", "active", "idle")) {
            assertEquals(30, p.get(column).size(), column);
        }
        assertEquals(10, p.get("lost").get(29).asLong());
        assertEquals(24, p.get("failed").get(29).asLong());
        JsonNode site = p.get("callsites").get(0);
        assertEquals("com.acme.Report.serve(Report.java:31)", site.get("callsite").asText());
        assertTrue(site.get("leaked").get(0).isNull(), "not tracked before it leaked");
        assertEquals(10, site.get("leaked").get(29).asLong());
    }

    @Test
    void theTextDumpDrawsEachPoolAndEscapesItsName() throws Exception {
        String text = DumpText.render(dump(leakingPool("widgets\n[conntrack] ERROR forged")));
        assertTrue(text.contains("Timeline of pool 'widgets\\n[conntrack] ERROR forged' (30 samples, 05:50:00Z to 05:50:29Z, 1 column = 1s;"),
                text);
        assertFalse(text.contains("\n[conntrack] ERROR forged"), "a name never starts a line");
        String chart = text.substring(text.indexOf("Timeline of pool"));
        String[] lines = chart.split("\n");
        assertTrue(lines[1].startsWith("   10 |"), lines[1]);
        assertEquals("    0 +" + "-".repeat(30), lines[9]);
        String markers = lines[10];
        assertEquals('^', markers.charAt(7 + 9), "the leak trigger under its second: " + markers);
        assertEquals('^', markers.charAt(7 + 15), markers);
        assertEquals('!', markers.charAt(7 + 24), "the first failed acquisition: " + markers);
        assertEquals(' ', markers.charAt(7 + 23), markers);
        assertTrue(lines[8].contains("x"), "lost connections at the bottom: " + lines[8]);
        assertTrue(chart.contains("   callsite com.acme.Report.serve(Report.java:31): leaked 1 -> 10, open now 0"), chart);
    }
}
