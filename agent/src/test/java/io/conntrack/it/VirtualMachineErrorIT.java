package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.faults.DeepRecursionScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import org.junit.jupiter.api.Test;

/**
 * A StackOverflowError or OutOfMemoryError is the application's (or the JVM's) trouble, not a fault of
 * the agent: it may cost the one event it interrupted, never tracking itself.
 */
class VirtualMachineErrorIT {

    @Test
    void stackOverflowsInsideTheAgentsFramesLeaveTrackingOnAndCounting() throws Exception {
        ChildJvm.Result r = ChildJvm.main(DeepRecursionScenario.class).run().assertOk();
        int overflows = Integer.parseInt(TriggerDumpsIT.line(r, "OVERFLOWS "));
        assertTrue(overflows > 10, "the scenario must overflow the stack inside getConnection()\n" + r);
        assertEquals("true", TriggerDumpsIT.line(r, "ACTIVE "), "tracking was switched off\n" + r);
        assertFalse(r.stderr.contains("tracking is now off"), r.stderr);

        JsonNode s = r.snapshot();
        JsonNode dm = ChildJvm.Result.callsite(s, SourceLines.frame(DeepRecursionScenario.class, "work", "// AFTER-DM"));
        JsonNode ds = ChildJvm.Result.callsite(s, SourceLines.frame(DeepRecursionScenario.class, "work", "// AFTER-DS"));
        JsonNode held = ChildJvm.Result.callsite(s, SourceLines.frame(DeepRecursionScenario.class, "work", "// HELD"));
        assertTrue(dm != null && ds != null && held != null, "the acquisitions after the overflows are counted at their lines\n" + s);
        assertEquals(3, dm.get("acquired").asLong(), dm.toString());
        assertEquals(3, dm.get("closed").asLong(), dm.toString());
        assertEquals(0, dm.get("open").asLong(), dm.toString());
        assertEquals(3, ds.get("acquired").asLong(), ds.toString());
        assertEquals(3, ds.get("closed").asLong(), ds.toString());
        assertEquals(1, held.get("open").asLong(), held.toString());
    }
}
