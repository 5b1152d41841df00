package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.SourceLines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Exact lookups and count assertions on a child's snapshot JSON. */
final class Snapshots {

    private Snapshots() {
    }

    /** The callsite rendered exactly as the marked source line, failing with the whole snapshot when absent. */
    static JsonNode site(JsonNode snapshot, Class<?> type, String method, String marker) throws IOException {
        String frame = SourceLines.frame(type, method, marker);
        for (JsonNode c : snapshot.get("callsites")) {
            if (c.get("callsite").asText().equals(frame)) {
                return c;
            }
        }
        assertNotNull(null, "no callsite " + frame + " in " + snapshot.toPrettyString());
        return null;
    }

    static List<JsonNode> callsites(JsonNode snapshot, boolean poolOwned) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : snapshot.get("callsites")) {
            if (c.get("poolOwned").asBoolean() == poolOwned) {
                out.add(c);
            }
        }
        return out;
    }

    static JsonNode application(JsonNode snapshot) {
        return snapshot.get("totals").get("application");
    }

    static JsonNode pool(JsonNode snapshot) {
        return snapshot.get("totals").get("pool");
    }

    /** Asserts acquired, closed, open, leaked and failed of a callsite or a totals object, in that order. */
    static void assertCounts(JsonNode counts, long acquired, long closed, long open, long leaked, long failed) {
        String what = counts.has("callsite") ? counts.get("callsite").asText() : "totals";
        assertEquals(acquired, counts.get("acquired").asLong(), what + " acquired: " + counts);
        assertEquals(closed, counts.get("closed").asLong(), what + " closed: " + counts);
        assertEquals(open, counts.get("open").asLong(), what + " open: " + counts);
        assertEquals(leaked, counts.get("leaked").asLong(), what + " leaked: " + counts);
        assertEquals(failed, counts.get("failed").asLong(), what + " failed: " + counts);
    }
}
