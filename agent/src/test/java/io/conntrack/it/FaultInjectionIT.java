package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.faults.FaultScenario;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A failure inside the agent's reporting switches off only that part, says so once, and counts it. */
class FaultInjectionIT {

    @Test
    void throwingDumpListenersAreDroppedCountedAndTheAppSeesNothing() throws Exception {
        ChildJvm.Result plain = ChildJvm.main(FaultScenario.class).withoutAgent().run().assertOk();
        ChildJvm.Result faulty = ChildJvm.main(FaultScenario.class).args("inject").run().assertOk();

        assertEquals(appLines(plain), appLines(faulty), "the application's output changed");
        assertEquals(7, appLines(plain).size(), plain.toString());

        List<String> dumps = faulty.stdout.lines().filter(l -> l.startsWith("DUMP ")).collect(Collectors.toList());
        assertEquals(2, dumps.size(), faulty.toString());
        for (String d : dumps) {
            assertTrue(Files.isRegularFile(Paths.get(d.substring(5))), "dumps go on after a listener failed\n" + faulty);
        }
        assertTrue(faulty.stdout.contains("GOOD-LISTENER 2"), "the healthy listener must still be told\n" + faulty);

        List<String> errors = faulty.stderr.lines().filter(l -> l.contains("[conntrack] ERROR")).collect(Collectors.toList());
        assertEquals(2, errors.size(), "one line per failed listener\n" + faulty.stderr);
        assertTrue(errors.get(0).contains("injected listener fault"), errors.toString());
        assertTrue(errors.get(1).contains("injected listener error"), errors.toString());

        JsonNode second = new ObjectMapper().readTree(Paths.get(dumps.get(1).substring(5)).toFile());
        assertEquals(2, second.get("agent").get("internalErrors").asLong(), second.get("agent").toString());
        JsonNode app = faulty.snapshot().get("totals").get("application");
        assertEquals(3, app.get("acquired").asLong());
        assertEquals(3, app.get("closed").asLong());
    }

    private static List<String> appLines(ChildJvm.Result r) {
        return r.stdout.lines().filter(l -> l.startsWith("APP ")).collect(Collectors.toList());
    }
}
