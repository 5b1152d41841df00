package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.MarkedCallsiteScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import org.junit.jupiter.api.Test;

class MarkedCallsiteIT {

    @Test
    void markedCallSitesCountExactly() throws Exception {
        ChildJvm.Result r = ChildJvm.main(MarkedCallsiteScenario.class).run().assertOk();
        String[] words = r.stdout.lines().filter(l -> l.startsWith("LOOP ")).findFirst().orElseThrow().split(" ");
        long loops = Long.parseLong(words[1]);
        JsonNode s = r.snapshot();

        JsonNode loop = ChildJvm.Result.callsite(s, SourceLines.frame(MarkedCallsiteScenario.class, "main", "// LOOP"));
        assertNotNull(loop, r.toString());
        assertEquals(loops, loop.get("acquired").asLong());
        assertEquals(loops, loop.get("closed").asLong());
        JsonNode more = ChildJvm.Result.callsite(s, SourceLines.frame(MarkedCallsiteScenario.class, "borrowMany", "// MORE"));
        assertEquals(5_000, more.get("acquired").asLong());
        JsonNode held = ChildJvm.Result.callsite(s, SourceLines.frame(MarkedCallsiteScenario.class, "main", "// HELD"));
        assertEquals(1, held.get("open").asLong(), r.toString());

        JsonNode app = s.get("totals").get("application");
        assertEquals(loops + 5_001, app.get("acquired").asLong(), "no acquisition lost or split off: " + s);
        assertEquals(3, s.get("callsites").size() - poolOwnedCount(s), "exactly three application callsites: " + s);
        // marked as the class loaded: the loop's, borrowMany's and the held connection's call sites
        assertEquals(3, s.get("agent").get("callsitesMarked").asLong(), s.toString());
    }

    private static int poolOwnedCount(JsonNode s) {
        int n = 0;
        for (JsonNode c : s.get("callsites")) {
            n += c.get("poolOwned").asBoolean() ? 1 : 0;
        }
        return n;
    }
}
