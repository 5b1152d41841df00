package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.pools.PoolTakesBackScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * A connection its pool takes back (HikariCP evictConnection, DBCP2 invalidateConnection) is no longer
 * open at its callsite: the pool closed the physical connection behind the application's proxy. Neither
 * closing that proxy afterwards nor its collection counts again (no false leak).
 */
class PoolTakesBackIT {

    private static final Class<?> S = PoolTakesBackScenario.class;

    @Test
    void connectionsThePoolTookBackAreClosedNotOpenForEverNorLeaked() throws Exception {
        ChildJvm.Result r = ChildJvm.main(S).run().assertOk();
        assertTrue(r.stdout.contains("TAKEN-BACK"), r.toString());
        for (JsonNode s : new JsonNode[] {r.snapshot(0), r.snapshot(1)}) {
            assertCounts(site(s, S, "evictedThenClosed", "// HIKARI-EVICTED-CLOSED"), 1, 1, 0, 0, 0);
            assertCounts(site(s, S, "evictedThenDropped", "// HIKARI-EVICTED-DROPPED"), 1, 1, 0, 0, 0);
            assertCounts(site(s, S, "invalidatedThenClosed", "// DBCP2-INVALIDATED-CLOSED"), 1, 1, 0, 0, 0);
            assertCounts(site(s, S, "invalidatedThenDropped", "// DBCP2-INVALIDATED-DROPPED"), 1, 1, 0, 0, 0);
            assertCounts(site(s, S, "main", "// HIKARI-HELD"), 1, 0, 1, 0, 0);
            assertCounts(site(s, S, "main", "// DBCP2-HELD"), 1, 0, 1, 0, 0);
            assertCounts(application(s), 6, 4, 2, 0, 0);
        }
    }
}
