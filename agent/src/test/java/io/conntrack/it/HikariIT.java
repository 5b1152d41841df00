package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.callsites;
import static io.conntrack.it.Snapshots.pool;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.HikariScenario;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HikariIT {

    private static final Class<?> S = HikariScenario.class;
    private static ChildJvm.Result run;

    @BeforeAll
    static void runScenario() throws Exception {
        run = ChildJvm.main(S).run().assertOk();
    }

    @Test
    void attributesBorrowsToApplicationLines() throws Exception {
        JsonNode s = run.snapshot(0);
        assertCounts(site(s, S, "main", "// BORROW"), 100, 100, 0, 0, 0);
        assertCounts(site(s, S, "main", "// HELD"), 1, 0, 1, 0, 0);
        assertCounts(application(s), 102, 100, 1, 1, 0);
        assertEquals(3, callsites(s, false).size(), s.toPrettyString());
    }

    @Test
    void countsTheCollectedProxyAsALeakAtItsLine() throws Exception {
        JsonNode s = run.snapshot(0);
        assertCounts(site(s, S, "leakOne", "// LEAK"), 1, 0, 0, 1, 0);
    }

    @Test
    void physicalConnectionsArePoolOwnedNeverApplicationAndNeverLeaked() throws Exception {
        for (JsonNode s : new JsonNode[] {run.snapshot(0), run.snapshot(1)}) {
            for (JsonNode app : callsites(s, false)) {
                assertTrue(app.get("callsite").asText().startsWith(S.getName() + "."), "application callsite " + app);
            }
            assertTrue(callsites(s, true).size() >= 1, s.toPrettyString());
            for (JsonNode p : callsites(s, true)) {
                assertTrue(p.get("callsite").asText().startsWith("com.zaxxer.hikari.pool.PoolBase."), "pool callsite " + p);
                assertEquals(0, p.get("leaked").asLong(), p.toString());
            }
        }
        JsonNode open = pool(run.snapshot(0));
        assertTrue(open.get("acquired").asLong() >= 1 && open.get("open").asLong() >= 1, open.toString());
    }

    @Test
    void poolShutdownEndsEveryConnection() throws Exception {
        JsonNode s = run.snapshot(1);
        assertCounts(application(s), 102, 101, 0, 1, 0);
        long physical = pool(s).get("acquired").asLong();
        assertCounts(pool(s), physical, physical, 0, 0, 0);
    }
}
