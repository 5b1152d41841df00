package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.callsites;
import static io.conntrack.it.Snapshots.pool;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.CloseSemanticsScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CloseSemanticsIT {

    private static final Class<?> S = CloseSemanticsScenario.class;
    private static ChildJvm.Result run;
    private static JsonNode snapshot;

    @BeforeAll
    static void runScenario() throws Exception {
        run = ChildJvm.main(S).run().assertOk();
        snapshot = run.snapshot();
    }

    @Test
    void doubleCloseCountsOnce() throws Exception {
        assertCounts(site(snapshot, S, "main", "// DOUBLE-CLOSE"), 1, 1, 0, 0, 0);
    }

    @Test
    void closeOnAnotherThreadEndsTracking() throws Exception {
        assertCounts(site(snapshot, S, "main", "// CLOSED-ELSEWHERE"), 1, 1, 0, 0, 0);
    }

    @Test
    void abortEndsTrackingAndALaterCloseDoesNotCountAgain() throws Exception {
        assertCounts(site(snapshot, S, "main", "// ABORTED"), 1, 1, 0, 0, 0);
    }

    @Test
    void closeThatThrowsStillEndsTracking() throws Exception {
        assertTrue(run.stdout.contains("CLOSE-THREW close failed on purpose"), run.toString());
        assertCounts(site(snapshot, S, "main", "// CLOSE-THROWS"), 1, 1, 0, 0, 0);
        // The H2 connection inside the throwing wrapper was opened inside its getConnection(): pool-owned, and closed.
        assertCounts(pool(snapshot), 1, 1, 0, 0, 0);
    }

    @Test
    void failedAcquisitionsCountAsFailedAtTheirLinesAndNeverOpen() throws Exception {
        assertEquals(3, run.stdout.lines().filter(l -> l.startsWith("ACQUIRE-THREW ")).count(), run.toString());
        assertCounts(site(snapshot, S, "badUrl", "// BAD-URL"), 0, 0, 0, 0, 1);
        assertCounts(site(snapshot, S, "badH2DataSource", "// BAD-H2-DATASOURCE"), 0, 0, 0, 0, 1);
        assertCounts(site(snapshot, S, "failingDataSource", "// FAILING-DATASOURCE"), 0, 0, 0, 0, 1);
    }

    @Test
    void totalsAddUp() {
        assertCounts(application(snapshot), 4, 4, 0, 0, 3);
        assertEquals(7, callsites(snapshot, false).size(), snapshot.toPrettyString());
    }
}
