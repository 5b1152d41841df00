package io.conntrack.it;

import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.callsites.OverloadScenario;
import com.acme.callsites.OverloadedDao;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Overloads that acquire at the same bytecode offset are two callsites, each blamed for its own line only. */
class OverloadedCallsitesIT {

    private static final Class<?> DAO = OverloadedDao.class;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "callsite.mark={0}")
    @ValueSource(booleans = {true, false})
    void eachOverloadIsItsOwnCallsite(boolean marking) throws Exception {
        Path dumps = tmp.resolve("dumps");
        ChildJvm.Result r = ChildJvm.main(OverloadScenario.class).agentArgs("limit=2,callsite.mark=" + marking + ",dumpDir=" + dumps)
                .args(dumps.toString()).run().assertOk();
        String intLine = SourceLines.frame(DAO, "count", "// COUNT-INT");
        String stringLine = SourceLines.frame(DAO, "count", "// COUNT-STRING");

        JsonNode s = r.snapshot();
        assertCounts(site(s, DAO, "count", "// COUNT-INT"), 5, 5, 0, 0, 0);
        assertCounts(site(s, DAO, "count", "// COUNT-STRING"), 3, 0, 3, 0, 0);

        // the limit warning names the leaking overload, never the other one
        String warn = (r.stdout + r.stderr).lines().filter(l -> l.contains("ConnTrack limit:")).findFirst()
                .orElseThrow(() -> new AssertionError("no limit warning\n" + r));
        assertTrue(warn.contains("callsite " + stringLine + " open 3 > limit 2"), warn);
        assertFalse(warn.contains(intLine), warn);

        // and so do both dump files
        Path json = Paths.get(r.stdout.lines().filter(l -> l.startsWith("DUMP ")).findFirst().orElseThrow().substring(5));
        JsonNode dump = DumpFiles.read(json);
        assertEquals(3, DumpFiles.callsite(dump, stringLine).get("open").asLong());
        assertEquals(0, DumpFiles.callsite(dump, intLine).get("open").asLong());
        String text = DumpFiles.text(json);
        assertTrue(text.contains(stringLine + "\n   open 3"), text);
        assertTrue(text.contains(intLine + "\n   open 0"), text);
        assertEquals(marking ? 2 : 0, s.get("agent").get("callsitesMarked").asLong(), s.toString());
    }
}
