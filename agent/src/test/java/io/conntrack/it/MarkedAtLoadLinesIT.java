package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.callsites;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.MarkedAtLoadScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

class MarkedAtLoadLinesIT {

    private static final Class<?> S = MarkedAtLoadScenario.class;

    /** Marked as the class loaded: main()'s own frame never runs a rewritten copy, so nothing loses its line. */
    @Test
    void markedCallSitesKeepTheirLines() throws Exception {
        ChildJvm.Result r = ChildJvm.main(S).run().assertOk();
        assertTrue(r.stdout.contains("MARKED true"), "precondition: the call sites were marked\n" + r);
        assertLines(r.snapshot());
    }

    @Test
    void withoutMarkingTheLinesAreRight() throws Exception {
        ChildJvm.Result r = ChildJvm.main(S).agentArgs("callsite.mark=false").args("marking-off").run().assertOk();
        assertTrue(r.stdout.contains("MARKED false"), r.toString());
        assertLines(r.snapshot());
    }

    private static void assertLines(JsonNode s) throws Exception {
        assertCounts(site(s, S, "helper", "// IN-HELPER"), 1, 1, 0, 0, 0);
        assertCounts(site(s, S, "main", "// FIRST-AFTER-REWRITE"), 1, 1, 0, 0, 0);
        assertCounts(site(s, S, "main", "// SECOND-AFTER-REWRITE"), 2, 2, 0, 0, 0);
        assertCounts(application(s), 4, 4, 0, 0, 0);
        assertEquals(3, callsites(s, false).size(), s.toPrettyString());
    }
}
