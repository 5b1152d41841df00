package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.callsites;
import static io.conntrack.it.Snapshots.pool;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.scenarios.ConcurrencyScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConcurrencyIT {

    private static final int THREADS = 16;
    private static final int PER_THREAD = 10_000;

    @Test
    void everyBorrowAndCloseOfSixteenThreadsIsCounted() throws Exception {
        ChildJvm.Result r = ChildJvm.main(ConcurrencyScenario.class).args(String.valueOf(THREADS), String.valueOf(PER_THREAD))
                .timeout(Duration.ofSeconds(60)).run().assertOk();
        r.stdout.lines().filter(l -> l.startsWith("ELAPSED-MS ")).forEach(System.out::println);
        JsonNode s = r.snapshot();
        long total = (long) THREADS * PER_THREAD;
        assertCounts(site(s, ConcurrencyScenario.class, "borrow", "// CONCURRENT"), total, total, 0, 0, 0);
        assertCounts(application(s), total, total, 0, 0, 0);
        assertEquals(1, callsites(s, false).size(), s.toPrettyString());
        assertEquals(0, pool(s).get("leaked").asLong(), s.toPrettyString());
    }
}
