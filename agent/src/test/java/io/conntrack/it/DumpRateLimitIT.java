package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.LeakLoopScenario;
import com.acme.dumps.OnDemandBetweenTriggersScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dumpInterval and maxDumps under a flood of triggers: 10,000 acquisitions, 5,000 of them leaked. */
class DumpRateLimitIT {

    @TempDir
    Path tmp;

    /** limit is raised: before the GC finds them, a round's leaks are open connections of one callsite. */
    private ChildJvm.Result run(String agentArgs) throws Exception {
        Path dumps = tmp.resolve("dumps");
        return ChildJvm.main(LeakLoopScenario.class).agentArgs("dumpDir=" + dumps + ",limit=100000," + agentArgs)
                .args(dumps.toString()).run().assertOk();
    }

    /**
     * Two dumps, whatever the number of leak triggers: the first leak trigger is dumped at once, every
     * later one within dumpInterval=60s (the run takes seconds) is only counted, and the on-demand dump
     * at the end is never rate-limited. No exit dump: the scenario closes what it holds. So 2 files,
     * below maxDumps=3, which therefore prunes nothing.
     */
    @Test
    void leakFloodGivesOneLeakDumpThenExactCountsAndTheSuppressedSummary() throws Exception {
        ChildJvm.Result r = run("dumpInterval=60s,maxDumps=3");
        Path dumps = tmp.resolve("dumps");
        String leakFrame = SourceLines.frame(LeakLoopScenario.class, "leakOne", "// LEAK");

        List<Path> json = DumpFiles.list(dumps, "json");
        assertEquals(2, json.size(), DumpFiles.names(dumps).toString());
        assertEquals(2, DumpFiles.list(dumps, "txt").size(), DumpFiles.names(dumps).toString());
        JsonNode leak = DumpFiles.read(DumpFiles.single(dumps, "leak"));
        assertEquals(leakFrame, leak.get("trigger").get("callsite").asText());
        assertEquals(0, leak.get("suppressedTriggers").size());

        Path last = Paths.get(TriggerDumpsIT.line(r, "DUMP-PATH "));
        assertEquals(DumpFiles.single(dumps, "onDemand"), last);
        JsonNode end = DumpFiles.read(last);
        JsonNode app = end.get("totals").get("application");
        assertEquals(10_000, app.get("acquired").asLong());
        assertEquals(5_000, app.get("leaked").asLong());
        assertEquals(50, app.get("open").asLong());
        assertEquals(4_950, app.get("closed").asLong());
        assertEquals(app.get("acquired").asLong(),
                app.get("leaked").asLong() + app.get("open").asLong() + app.get("closed").asLong());
        assertEquals(5_000, DumpFiles.callsite(end, leakFrame).get("leaked").asLong());
        assertEquals(50, DumpFiles.callsite(end, SourceLines.frame(LeakLoopScenario.class, "main", "// HELD"))
                .get("open").asLong());
        assertEquals(4_950, DumpFiles.callsite(end, SourceLines.frame(LeakLoopScenario.class, "main", "// CLOSED"))
                .get("closed").asLong());

        // 10 rounds, each waited for, so at least 9 more leak triggers fired within the interval.
        JsonNode suppressed = end.get("suppressedTriggers");
        assertEquals(1, suppressed.size(), suppressed.toString());
        assertEquals("leak", suppressed.get(0).get("type").asText());
        long count = suppressed.get(0).get("count").asLong();
        assertTrue(count >= 9 && count < 5_000, suppressed.toString());
        assertTrue(suppressed.get(0).get("lastMessage").asText().contains("garbage-collected without close()"));
        assertTrue(DumpFiles.text(last).contains("Suppressed since the last triggered dump: " + count + " x leak (last: "),
                DumpFiles.text(last));
        assertEquals(2, DumpFiles.logged(r).size(), r.toString());
    }

    /** With no interval every leak round is dumped, and maxDumps=2 keeps only the newest two pairs. */
    @Test
    void maxDumpsKeepsOnlyTheNewestDumps() throws Exception {
        ChildJvm.Result r = run("dumpInterval=0ms,maxDumps=2");
        Path dumps = tmp.resolve("dumps");

        List<Path> logged = DumpFiles.logged(r);
        assertTrue(logged.size() >= 11, "a dump per leak round and one on demand: " + logged);
        List<Path> json = DumpFiles.list(dumps, "json");
        assertEquals(logged.subList(logged.size() - 2, logged.size()).stream().sorted().collect(Collectors.toList()), json,
                "the two newest remain; logged " + logged);
        for (Path p : json) {
            DumpFiles.read(p);
            DumpFiles.text(p);
        }
        assertEquals(4, DumpFiles.names(dumps).size(), "2 json + 2 txt, no temp files: " + DumpFiles.names(dumps));
    }

    /**
     * An on-demand dump neither holds back the next triggered dump nor takes its summary: the limit that
     * follows one is dumped and logged at once, and a held-back trigger is shown by every on-demand dump
     * until a triggered dump reports it.
     */
    @Test
    void onDemandDumpsNeitherHoldBackNorTakeTheTriggeredOnes() throws Exception {
        Path dumps = tmp.resolve("dumps");
        ChildJvm.Result r = ChildJvm.main(OnDemandBetweenTriggersScenario.class)
                .agentArgs("dumpDir=" + dumps + ",limit=2,dumpInterval=60s,maxDumps=100").args(dumps.toString()).run().assertOk();
        String first = SourceLines.frame(OnDemandBetweenTriggersScenario.class, "first", "// FIRST");
        String leak = SourceLines.frame(OnDemandBetweenTriggersScenario.class, "leak", "// LEAK");

        JsonNode before = DumpFiles.read(Paths.get(TriggerDumpsIT.line(r, "ON-DEMAND-1 ")));
        assertEquals(0, before.get("suppressedTriggers").size(), before.get("suppressedTriggers").toString());
        JsonNode limit = DumpFiles.read(DumpFiles.single(dumps, "limit"));
        assertEquals("callsite " + first + " open 3 > limit 2", limit.get("trigger").get("message").asText());
        assertTrue((r.stdout + r.stderr).contains("ConnTrack limit: callsite " + first + " open 3 > limit 2"), "its WARN line\n" + r);

        for (String n : List.of("ON-DEMAND-2 ", "ON-DEMAND-3 ")) {
            String path = TriggerDumpsIT.line(r, n);
            assertTrue(!path.equals("null"), "the leak was never shown as held back\n" + r);
            JsonNode held = DumpFiles.read(Paths.get(path)).get("suppressedTriggers");
            assertEquals(1, held.size(), n + held);
            assertEquals("leak", held.get(0).get("type").asText(), n + held);
            assertEquals(1, held.get(0).get("count").asLong(), n + held);
            assertEquals("a connection from " + leak + " was garbage-collected without close()", held.get(0).get("lastMessage").asText(), n + held);
        }
        assertEquals(1, DumpFiles.list(dumps, "json").stream().filter(p -> p.getFileName().toString().contains("-limit")).count(),
                DumpFiles.names(dumps).toString());
    }
}
