package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.tracking.Library;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.it.DumpFormat;
import io.conntrack.pools.PoolState;
import io.conntrack.pools.ReclaimView;
import io.conntrack.tracking.Tracker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every field of a dump with blame, recent leaks and a pool with reclaim and abandoned connections is in docs/dump-format.md. */
class DocumentedDumpFieldsTest {

    @Test
    void blameRecentLeaksAndPoolReclaimAreDocumented() throws Exception {
        Tracker t = TestDumps.tracker("stacks=all");
        for (int i = 0; i < 3; i++) {
            Library.read(t);
        }
        await(t, 3);
        for (int i = 0; i < 6; i++) {
            Library.lastModified(t);
        }
        for (int i = 0; i < 2; i++) {
            Library.read(t);
        }
        await(t, 5);
        t.housekeeper().analyseStacks();
        PoolState p = new PoolState();
        p.id = 1;
        p.name = "widgets";
        p.type = "hikari";
        p.className = "com.zaxxer.hikari.HikariDataSource";
        p.maxSize = 10;
        p.reclaimMode = "lost";
        p.reclaimedLost = 2;
        p.reclaimedBySite = List.of(Map.entry("com.acme.X.y(X.java:1)", 2L));
        p.abandoned = List.of(new ReclaimView.Abandoned("com.acme.X.y(X.java:1)", 1, 3.5));
        p.advice.add("leak at com.acme.X.y(X.java:1): ...");
        Dump d = new Dump.Builder(t.snapshot(), t.openRecords(), t.config(), t.clock().nanoTime())
                .trigger(new Trigger(Trigger.Type.RECLAIM, "reclaimed 2", "com.acme.X.y(X.java:1)", 2, 0)).pools(List.of(p))
                .agentCounters(Map.of("classesSeen", 3L)).build();
        String json = DumpJson.render(d);
        JsonNode n = new ObjectMapper().readTree(json);
        assertTrue(n.get("callsites").get(0).has("blame"), json);
        assertTrue(n.get("callsites").get(0).has("recentLeaks"), json);
        List<String> problems = DumpFormat.documented().check(n);
        assertEquals(List.of(), problems);
    }

    private static void await(Tracker t, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.applicationLeaked() < n && System.nanoTime() < deadline) {
            System.gc();
            t.housekeeper().processCollected(20);
        }
        assertEquals(n, t.applicationLeaked());
    }
}
