package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.FakeJdbc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.it.DumpFiles;
import io.conntrack.it.DumpFormat;
import io.conntrack.testsupport.SourceLines;
import io.conntrack.tracking.Tracker;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rendersTheDocumentedFormatWithTriggerCountsAndStacks() throws Exception {
        Tracker t = TestDumps.tracker("stacks=all");
        Object held = FakeJdbc.held(t);
        FakeJdbc.closedAfterUse(t);
        FakeJdbc.closedAfterUse(t);
        Object[] pooled = FakeJdbc.pooled(t); // the borrowed one closed, the physical one stays open: pool-owned
        t.closed(pooled[0]);
        String heldFrame = SourceLines.frame(FakeJdbc.class, "held", "// HELD");
        String closedFrame = SourceLines.frame(FakeJdbc.class, "closedAfterUse", "// CLOSED");

        Dump d = TestDumps.dump(t, new Trigger(Trigger.Type.LIMIT, "too many", heldFrame, 4, 3),
                List.of(new Dump.Suppressed("leak", 7, "the last leak")));
        JsonNode json = JSON.readTree(DumpJson.render(d));

        assertEquals(List.of(), DumpFormat.documented().check(json));
        assertEquals("limit", json.get("trigger").get("type").asText());
        assertEquals(heldFrame, json.get("trigger").get("callsite").asText());
        assertEquals(4, json.get("trigger").get("value").asLong());
        assertEquals(3, json.get("trigger").get("threshold").asLong());
        assertEquals(7, json.get("suppressedTriggers").get(0).get("count").asLong());
        assertEquals(4, json.get("totals").get("application").get("acquired").asLong());
        assertEquals(3, json.get("totals").get("application").get("closed").asLong());
        assertEquals(1, json.get("totals").get("pool").get("open").asLong());
        assertEquals(ProcessHandle.current().pid(), json.get("pid").asLong());

        JsonNode first = json.get("callsites").get(0);
        assertEquals(heldFrame, first.get("callsite").asText(), "ranked by open");
        assertFalse(first.get("overLimit").asBoolean());
        assertFalse(first.get("heldPastThreshold").asBoolean());
        JsonNode open = first.get("oldestOpen").get(0);
        assertEquals(Thread.currentThread().getName(), open.get("thread").asText());
        assertEquals("RUNNABLE", open.get("holder").get("state").asText());
        JsonNode acquire = json.get("stacks").get(open.get("acquireStack").asText());
        assertTrue(acquire.toString().contains(heldFrame), acquire.toString());
        JsonNode holder = json.get("stacks").get(open.get("holder").get("stack").asText());
        String here = "io.conntrack.reporting.TestDumps.dump(TestDumps.java:";
        assertTrue(holder.toString().contains("\"" + here), "holder frames render like callsites: " + holder);
        JsonNode closed = DumpFiles.callsite(json, closedFrame);
        assertEquals(3, json.get("callsites").size(), "held, closed and the borrow's line: " + json.get("callsites"));
        assertFalse(closed.has("oldestOpen"), "only callsites with open connections list them");
        assertTrue(closed.get("holdMillis").get("max").isNumber());
        assertEquals(3, json.get("agent").get("classesSeen").asLong());
        for (JsonNode c : json.get("callsites")) {
            assertFalse(c.get("poolOwned").asBoolean(), "callsites lists application callsites only: " + c);
        }
        JsonNode pool = json.get("poolCallsites");
        assertEquals(1, pool.size(), pool.toString());
        assertEquals("[pool] connections opened inside a getConnection() call", pool.get(0).get("callsite").asText());
        assertTrue(pool.get(0).get("poolOwned").asBoolean());
        assertEquals(1, pool.get(0).get("open").asLong());
        assertFalse(pool.get(0).has("oldestOpen"), "the pool's own connections are not listed one by one");
        t.closed(held);
        t.closed(pooled[1]);
    }

    @Test
    void escapesWhateverTheReasonContains() throws Exception {
        String reason = "quote \" backslash \\ newline \n tab \t control \u0001 unicode \u00e9\u4e2d \ud83d\ude00 </script>";
        JsonNode json = JSON.readTree(DumpJson.render(TestDumps.onDemand(TestDumps.tracker(""), reason)));
        assertEquals(reason, json.get("trigger").get("message").asText());
        assertEquals(List.of(), DumpFormat.documented().check(json));
    }

    @Test
    void anEmptyTrackerStillRendersEveryRequiredField() throws Exception {
        JsonNode json = JSON.readTree(DumpJson.render(TestDumps.onDemand(TestDumps.tracker(""), "empty")));
        assertEquals(List.of(), DumpFormat.documented().check(json));
        assertEquals(0, json.get("callsites").size());
        assertEquals(0, json.get("poolCallsites").size());
        assertEquals(0, json.get("stacks").size());
        assertTrue(json.get("trigger").get("callsite").isNull());
    }

    @Test
    void theDocumentedExampleMatchesTheDocumentedFields() throws Exception {
        JsonNode example = JSON.readTree(DumpFormat.example());
        assertEquals(List.of(), DumpFormat.documented().check(example));
        assertEquals(example.get("callsites").size() + example.get("poolCallsites").size(),
                example.get("totals").get("callsites").asInt());
        assertEquals("conntrack-dump/3", example.get("format").asText());
    }

    @Test
    void theFormatCheckCatchesWhatTheDocumentForbids() throws Exception {
        JsonNode json = JSON.readTree(DumpJson.render(TestDumps.onDemand(TestDumps.tracker(""), "x")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove("pid");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("trigger")).put("value", "four");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("totals")).put("surprise", 1);
        List<String> problems = DumpFormat.documented().check(json);
        assertTrue(problems.contains("missing pid"), problems.toString());
        assertTrue(problems.contains("trigger.value is STRING, documented as integer"), problems.toString());
        assertTrue(problems.contains("undocumented field totals.surprise"), problems.toString());
    }
}
