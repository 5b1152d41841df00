package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.callsites;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.RewriteWhileRunningScenario;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class CallsiteLinesAcrossRewriteIT {

    private static final Class<?> S = RewriteWhileRunningScenario.class;

    /**
     * BUG (agent, call-site marking): marking helper() retransforms the class while main() runs. The
     * running main() keeps its old method version, whose frames StackWalker reports without file and
     * line; CallsiteMarking records original line tables only for the methods it rewrites, so
     * originalLine() answers -1 for main(), and CallsiteRegistry.add merges every line -1 site of
     * main() into one callsite "main(RewriteWhileRunningScenario.java)".
     */
    @Test
    void acquisitionsOfAMethodRunningDuringTheRewriteKeepTheirLines() throws Exception {
        ChildJvm.Result r = ChildJvm.main(S).run().assertOk();
        assertTrue(r.stdout.contains("MARKED true"), "precondition: the class was rewritten\n" + r);
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
