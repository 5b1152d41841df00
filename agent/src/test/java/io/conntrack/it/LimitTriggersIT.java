package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.TwoLimitsScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every callsite that passes {@code limit} reaches a limit dump and its WARN line, however close together. */
class LimitTriggersIT {

    @TempDir
    Path tmp;

    @Test
    void twoCallsitesPassingTheLimitTogetherAreBothReported() throws Exception {
        // Both pass the limit within a millisecond: one limit dump names both when that falls within one
        // monitor round, as it nearly always does; on a loaded machine the round may fall between the two,
        // and the second is then named by the next limit dump, after dumpInterval. Either way both are named.
        List<String> triggers = run("together", "dumpInterval=1s");
        String first = SourceLines.frame(TwoLimitsScenario.class, "first", "// FIRST");
        String second = SourceLines.frame(TwoLimitsScenario.class, "second", "// SECOND");
        assertTrue(triggers.size() == 1 || triggers.size() == 2, triggers.toString());
        String all = String.join("\n", triggers);
        assertTrue(all.contains("callsite " + first + " open 3 > limit 2"), triggers.toString());
        assertTrue(all.contains("callsite " + second + " open 3 > limit 2"), triggers.toString());
        for (String t : triggers) {
            assertEquals(t.indexOf("callsite " + first), t.lastIndexOf("callsite " + first), "each named once: " + triggers);
        }
    }

    @Test
    void aCallsitePassingTheLimitWhileDumpsAreHeldBackIsReportedWhenTheyAreDue() throws Exception {
        List<String> triggers = run("apart", "dumpInterval=1s");
        String first = SourceLines.frame(TwoLimitsScenario.class, "first", "// FIRST");
        String second = SourceLines.frame(TwoLimitsScenario.class, "second", "// SECOND");
        assertEquals(2, triggers.size(), triggers.toString());
        assertTrue(triggers.get(0).contains("callsite " + first + " open 3 > limit 2"), triggers.toString());
        assertTrue(triggers.get(1).contains("callsite " + second + " open 3 > limit 2"), triggers.toString());
    }

    /** Runs the scenario; returns each limit dump's trigger message, oldest first, checked against its WARN line. */
    private List<String> run(String mode, String options) throws Exception {
        Path dumps = tmp.resolve("dumps");
        ChildJvm.Result r = ChildJvm.main(TwoLimitsScenario.class).agentArgs("dumpDir=" + dumps + ",limit=2," + options)
                .args(dumps.toString(), mode).run().assertOk();
        assertFalse(r.stdout.contains("TIMEOUT"), r.toString());
        List<String> messages = new ArrayList<>();
        List<Path> logged = DumpFiles.logged(r);
        for (Path p : logged) {
            JsonNode dump = DumpFiles.read(p);
            assertEquals("limit", dump.get("trigger").get("type").asText(), dump.get("trigger").toString());
            String message = dump.get("trigger").get("message").asText();
            messages.add(message);
            assertTrue((r.stdout + r.stderr).contains("ConnTrack limit: " + message + ";"), "the WARN line names them too\n" + r);
        }
        assertEquals(DumpFiles.list(dumps, "json").size(), logged.size(), r.toString());
        return messages;
    }
}
