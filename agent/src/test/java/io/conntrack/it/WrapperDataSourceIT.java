package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.callsites;
import static io.conntrack.it.Snapshots.pool;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.scenarios.WrapperDataSourceScenario;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WrapperDataSourceIT {

    private static final Class<?> S = WrapperDataSourceScenario.class;
    private static ChildJvm.Result run;

    @BeforeAll
    static void runScenario() throws Exception {
        run = ChildJvm.main(S).run().assertOk();
    }

    @Test
    void eachBorrowCountsOnceAtTheApplicationLine() throws Exception {
        JsonNode s = run.snapshot(0);
        assertCounts(site(s, S, "main", "// VIA-DELEGATING"), 20, 20, 0, 0, 0);
        assertCounts(site(s, S, "main", "// VIA-WRAPPING"), 30, 30, 0, 0, 0);
        assertCounts(site(s, S, "main", "// VIA-LAYERED"), 40, 40, 0, 0, 0);
        assertCounts(application(s), 90, 90, 0, 0, 0);
        assertEquals(3, callsites(s, false).size(), s.toPrettyString());
    }

    /**
     * BUG (agent): through Delegating(Wrapping(Delegating(Hikari))) the same Hikari proxy is returned
     * by two nested getConnection() calls; Tracker.acquireExit tracks each pending entry, so the proxy
     * gets two pool-owned records, its close ends one, and the other stays open for good (40 after
     * 40 borrows), later reported as a pool leak.
     */
    @Test
    void nothingStaysOpenOnceEveryConnectionIsClosed() throws Exception {
        JsonNode afterShutdown = pool(run.snapshot(1));
        long acquired = afterShutdown.get("acquired").asLong();
        assertCounts(afterShutdown, acquired, acquired, 0, 0, 0);
    }
}
