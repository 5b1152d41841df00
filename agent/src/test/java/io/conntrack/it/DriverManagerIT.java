package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.acme.scenarios.DriverManagerScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import org.junit.jupiter.api.Test;

class DriverManagerIT {

    @Test
    void countsEveryBorrowAndTheLeakAtTheirLines() throws Exception {
        ChildJvm.Result r = ChildJvm.main(DriverManagerScenario.class).run().assertOk();
        JsonNode s = r.snapshot();

        JsonNode correct = ChildJvm.Result.callsite(s, SourceLines.frame(DriverManagerScenario.class, "main", "// CORRECT"));
        assertNotNull(correct, r.toString());
        assertEquals(100, correct.get("acquired").asLong());
        assertEquals(100, correct.get("closed").asLong());
        assertEquals(0, correct.get("open").asLong());

        JsonNode leak = ChildJvm.Result.callsite(s, SourceLines.frame(DriverManagerScenario.class, "leakOne", "// LEAK"));
        assertNotNull(leak, r.toString());
        assertEquals(1, leak.get("leaked").asLong());
        assertEquals(0, leak.get("open").asLong());

        JsonNode held = ChildJvm.Result.callsite(s, SourceLines.frame(DriverManagerScenario.class, "main", "// HELD"));
        assertEquals(1, held.get("open").asLong());

        JsonNode app = s.get("totals").get("application");
        assertEquals(102, app.get("acquired").asLong());
        assertEquals(100, app.get("closed").asLong());
        assertEquals(1, app.get("leaked").asLong());
        assertEquals(1, app.get("open").asLong());
        assertEquals(0, s.get("totals").get("pool").get("acquired").asLong());
    }
}
