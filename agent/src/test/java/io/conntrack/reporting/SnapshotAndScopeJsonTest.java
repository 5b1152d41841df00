package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.FakeJdbc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.testsupport.SourceLines;
import io.conntrack.tracking.Scopes;
import io.conntrack.tracking.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent writes its JSON with its own small writer (JsonWriter: nothing on the boot path). A real
 * parser reads what it writes, with the fields users read: the snapshot ({@code ConnTrack.snapshotJson},
 * {@link DumpJson#renderSnapshot}) and a test scope's report ({@code ConnTrack.scopeJson}/{@code endScope},
 * {@link ScopeJson}). Dumps (files, JMX {@code dumpJson}, the CLI's dump: all {@link DumpJson#render})
 * are read the same way in {@link DumpJsonTest}, against docs/dump-format.md.
 */
class SnapshotAndScopeJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COUNTS = List.of("open", "peak", "acquired", "closed", "leaked", "failed");

    @Test
    void theSnapshotReadsWithItsTotalsCallsitesAndAgentCounters() throws Exception {
        Tracker t = TestDumps.tracker("");
        Object held = FakeJdbc.held(t);
        FakeJdbc.closedAfterUse(t);
        Object[] pooled = FakeJdbc.pooled(t);
        t.closed(pooled[0]);

        JsonNode json = JSON.readTree(DumpJson.renderSnapshot(t.snapshot(), Map.of("classesSeen", 3L)));

        assertEquals(List.of("time", "totals", "callsites", "pools", "agent"), names(json));
        assertTrue(json.get("pools").isArray(), "pools[] (docs/dump-format.md#pools): " + json.get("pools"));
        assertTrue(json.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), json.get("time").toString());
        JsonNode totals = json.get("totals");
        assertEquals(List.of("application", "pool", "callsites"), names(totals));
        assertEquals(COUNTS, names(totals.get("application")));
        assertEquals(COUNTS, names(totals.get("pool")));
        assertEquals(3, totals.get("application").get("acquired").asLong());
        assertEquals(2, totals.get("application").get("closed").asLong());
        assertEquals(1, totals.get("application").get("open").asLong());
        assertEquals(1, totals.get("pool").get("open").asLong());
        assertEquals(json.get("callsites").size(), totals.get("callsites").asInt());

        String heldFrame = SourceLines.frame(FakeJdbc.class, "held", "// HELD");
        int pools = 0;
        int held1 = 0;
        for (JsonNode c : json.get("callsites")) {
            if (c.get("callsite").asText().equals(heldFrame)) {
                assertEquals(1, c.get("open").asLong(), c.toString());
                held1++;
            }
            List<String> expected = new ArrayList<>(List.of("callsite", "poolOwned"));
            expected.addAll(COUNTS);
            expected.addAll(List.of("holdMillis", "acquireWaitMaxMillis"));
            assertEquals(expected, names(c), "no ranking or open connections in a snapshot: " + c);
            assertEquals(List.of("p50", "p99", "max"), names(c.get("holdMillis")));
            assertTrue(c.get("holdMillis").get("max").isNumber() && c.get("acquireWaitMaxMillis").isNumber(), c.toString());
            pools += c.get("poolOwned").asBoolean() ? 1 : 0;
        }
        assertEquals(1, pools, "pool-owned callsites are among the snapshot's callsites");
        assertEquals(1, held1, heldFrame + " in " + json.get("callsites"));
        assertEquals(3, json.get("agent").get("classesSeen").asLong());
        t.closed(held);
        t.closed(pooled[1]);
    }

    @Test
    void aScopesReportReadsWithItsConnectionsAndCounts() throws Exception {
        Tracker t = TestDumps.tracker("");
        Scopes scopes = new Scopes(t);
        String name = "a \"quoted\" name\nwith a newline";
        long id = scopes.begin(name, false);
        Object held = FakeJdbc.held(t);

        JsonNode json = JSON.readTree(ScopeJson.render(scopes.report(id)));

        assertEquals(List.of("format", "scope", "name", "ended", "durationMillis", "connections", "open", "leaked"), names(json));
        assertEquals(ScopeJson.FORMAT, json.get("format").asText());
        assertEquals(id, json.get("scope").asLong());
        assertEquals(name, json.get("name").asText());
        assertFalse(json.get("ended").asBoolean());
        assertTrue(json.get("durationMillis").isIntegralNumber());
        assertEquals(1, json.get("open").asLong());
        assertEquals(0, json.get("leaked").asLong());
        JsonNode c = json.get("connections").get(0);
        assertEquals(List.of("state", "callsite", "className", "methodName", "line", "thread", "threadId", "heldMillis", "stack"),
                names(c));
        assertEquals("open", c.get("state").asText());
        assertEquals(SourceLines.frame(FakeJdbc.class, "held", "// HELD"), c.get("callsite").asText());
        assertEquals(FakeJdbc.class.getName(), c.get("className").asText());
        assertEquals("held", c.get("methodName").asText());
        assertEquals(SourceLines.lineOf(FakeJdbc.class, "// HELD"), c.get("line").asInt());
        assertEquals(Thread.currentThread().getName(), c.get("thread").asText());
        assertTrue(c.get("stack").toString().contains(c.get("callsite").asText()), c.toString());

        t.closed(held);
        JsonNode ended = JSON.readTree(ScopeJson.render(scopes.end(id)));
        assertTrue(ended.get("ended").asBoolean());
        assertEquals(0, ended.get("connections").size());
        assertEquals(0, ended.get("open").asLong());
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
