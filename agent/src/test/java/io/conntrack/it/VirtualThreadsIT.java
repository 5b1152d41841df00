package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.threads.VirtualThreadsScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Virtual threads (JDK 21+): exact counts under 10,000 concurrent borrows, and no pinning by the agent. */
class VirtualThreadsIT {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"h2, ''", "hikari, reclaim=abandoned"})
    void tenThousandVirtualThreadsCountExactlyAndTheAgentPinsNone(String source, String options) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+ (./test.sh runs this on JDK 25)");
        ChildJvm.Result r = ChildJvm.main(VirtualThreadsScenario.class).agentArgs(options).args(source).run().assertOk();
        assertTrue(r.stdout.contains("VT ok 10000 failed 0"), r.toString());

        Matcher m = Pattern.compile("PINNED total (\\d+) agent (\\d+) control (\\d+)").matcher(r.stdout);
        assertTrue(m.find(), r.toString());
        System.out.println("[harden] virtual threads: " + m.group());
        assertEquals(0, Integer.parseInt(m.group(2)), "virtual threads pinned inside ConnTrack\n" + r);
        assertTrue(Integer.parseInt(m.group(3)) >= 1, "the recording saw not even the deliberate pin: it proves nothing\n" + r);

        JsonNode s = r.snapshot();
        String line = "(VirtualThreadsScenario.java:" + SourceLines.lineOf(VirtualThreadsScenario.class, "// VIRTUAL") + ")";
        JsonNode site = null;
        for (JsonNode c : s.get("callsites")) {
            if (c.get("callsite").asText().endsWith(line)) {
                site = c;
            }
        }
        assertNotNull(site, "no callsite at " + line + "\n" + r);
        assertEquals(VirtualThreadsScenario_THREADS, site.get("acquired").asLong(), r.toString());
        assertEquals(VirtualThreadsScenario_THREADS, site.get("closed").asLong());
        assertEquals(0, site.get("open").asLong());
        JsonNode app = s.get("totals").get("application");
        assertEquals(VirtualThreadsScenario_THREADS, app.get("acquired").asLong());
        assertEquals(VirtualThreadsScenario_THREADS, app.get("closed").asLong());
        assertEquals(0, app.get("open").asLong());
        assertEquals(0, app.get("failed").asLong());
    }

    private static final long VirtualThreadsScenario_THREADS = 10_000;
}
