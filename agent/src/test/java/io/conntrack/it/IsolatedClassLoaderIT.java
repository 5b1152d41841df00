package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.IsolatedLoaderScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

class IsolatedClassLoaderIT {

    private static final Class<?> S = IsolatedLoaderScenario.class;

    @Test
    void tracksADriverWhoseLoaderCannotSeeTheAgent() throws Exception {
        ChildJvm.Result r = ChildJvm.main(S).run().assertOk();
        for (String fact : new String[] {"DRIVER-LOADER-ISOLATED true", "CONNECTION-LOADER-ISOLATED true",
                "SYSTEM-CLASSPATH-VISIBLE-TO-DRIVER false", "BRIDGE-FROM-BOOTSTRAP-VISIBLE-TO-DRIVER true"}) {
            assertTrue(r.stdout.contains(fact), fact + "\n" + r);
        }
        assertTrue(!r.stderr.contains("could not instrument"), r.stderr);

        JsonNode held = r.snapshot(0);
        assertCounts(site(held, S, "main", "// ISOLATED"), 25, 25, 0, 0, 0);
        assertCounts(site(held, S, "main", "// HELD"), 1, 0, 1, 0, 0);
        assertCounts(application(held), 26, 25, 1, 0, 0);
        assertEquals(2, held.get("callsites").size(), held.toPrettyString());

        assertCounts(application(r.snapshot(1)), 26, 26, 0, 0, 0);
    }
}
