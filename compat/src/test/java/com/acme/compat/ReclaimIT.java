package com.acme.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.CompatResults;
import com.acme.compat.harness.ScenarioRun;
import com.acme.compat.scenario.ReclaimScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.SourceLines;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code reclaim} with the real pools on H2 and on PostgreSQL and MariaDB, each database one child JVM per
 * mode ({@link ReclaimScenario}). {@code lost}: connections dropped unclosed come back to the pool (its own
 * active count), later borrowers get one at once, and the leak is still counted and named. {@code abandoned}:
 * a connection parked in a static field by a finished request is reclaimed, legitimate 10-second holds
 * (a sleep, a slow query, in the acquiring method) never are, and the parked handle fails with ConnTrack's
 * message and closes without touching the pool.
 */
@ExtendWith(CompatResults.class)
class ReclaimIT {

    private static final Map<String, ScenarioRun.Result> RUNS = new HashMap<>();
    private static final String POOLS = Arrays.stream(Pool.values()).filter(p -> p != Pool.NONE).map(Enum::name)
            .collect(Collectors.joining(","));

    static Stream<Arguments> cases() {
        return Stream.of(Db.H2, Db.POSTGRES, Db.MARIADB).flatMap(db -> Arrays.stream(Pool.values()).filter(p -> p != Pool.NONE)
                .map(p -> Arguments.of(p, db)));
    }

    private static synchronized ScenarioRun.Result run(String mode, Db db) {
        return RUNS.computeIfAbsent(mode + "-" + db, k -> ScenarioRun.run("Reclaim-" + k, ReclaimScenario.class,
                mode.equals("lost") ? "reclaim=lost,dumpInterval=1s" : "reclaim=abandoned,reclaimAfter=3s,dumpInterval=1s",
                java.util.List.of(), mode, POOLS, db.name()));
    }

    private static String type(Pool p) {
        return p == Pool.HIKARI ? "hikari" : p.name().toLowerCase(Locale.ROOT);
    }

    /** The pool's entry in a snapshot: the one of this type whose numbers were read (earlier pools are closed). */
    private static JsonNode entry(JsonNode snapshot, Pool pool) {
        JsonNode found = null;
        for (JsonNode p : snapshot.get("pools")) {
            if (p.get("type").asText().equals(type(pool)) && (found == null || p.get("readError").isNull())) {
                found = p;
            }
        }
        assertTrue(found != null, "no " + type(pool) + " pool in " + snapshot.get("pools"));
        return found;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void lostConnectionsComeBackToThePool(Pool pool, Db db) throws Exception {
        CompatResults.describe("Reclaim", pool.name() + " lost", pool.version() + ", " + db.version(),
                pool == Pool.C3P0 ? "reclaim=lost: named as unable to see c3p0's leaks (its proxies stay reachable)"
                        : "reclaim=lost: 3 dropped of max 3 -> the pool's active back to 0, 3 borrowers at once, leak still named");
        db.server.require();
        ScenarioRun.Result r = run("lost", db).assertClean();
        String k = pool.name();
        assertFalse(r.has(k + ".error"), r.describe());
        String site = SourceLines.frame(ReclaimScenario.class, "lose", "// LOSE");
        if (pool == Pool.C3P0) {
            assertFalse(r.get(k + ".leaksFound").asBoolean(), "c3p0 keeps its proxies reachable: " + r.describe());
            assertTrue(r.stderr.contains("reclaim=lost: pool 'c3p0-") || r.stderr.matches("(?s).*reclaim=lost: pool '[^']*' \\(com\\.mchange.*"),
                    "c3p0 is named once as a pool whose leaks reclaim=lost cannot see\n" + r.describe());
            assertTrue(r.stderr.contains("reclaim=abandoned can give such connections back"), r.describe());
            return;
        }
        assertTrue(r.get(k + ".leaksFound").asBoolean(), r.describe());
        assertEquals(ReclaimScenarioView.LOST_MAX, r.get(k + ".ownAfterLeaks").get(1).asLong(),
                "the pool counted the dropped connections as active: " + r.get(k + ".ownAfterLeaks"));
        JsonNode back = r.get(k + ".activeBack");
        assertEquals(1, back.get(0).asLong(), "the pool's own active count came back to 0: " + back);
        for (JsonNode w : r.get(k + ".borrowMillis")) {
            assertTrue(w.asLong() >= 0 && w.asLong() < 3_000, "each later borrower got a connection at once (ms): "
                    + r.get(k + ".borrowMillis"));
        }
        JsonNode p = entry(r.get(k + ".snapshot"), pool);
        JsonNode reclaim = p.get("reclaim");
        assertEquals("lost", reclaim.get("mode").asText(), p.toString());
        assertEquals(3, reclaim.get("lost").asLong(), p.toString());
        assertEquals(site, reclaim.get("byCallsite").get(0).get("callsite").asText(), p.toString());
        assertEquals(3, p.get("lost").asLong(), "the leak is still counted: " + p);
        boolean leakNamed = false;
        for (JsonNode c : r.get(k + ".snapshot").get("callsites")) {
            leakNamed |= c.get("callsite").asText().equals(site) && c.get("leaked").asLong() >= 3;
        }
        assertTrue(leakNamed, "the callsite still shows its leaks");
        assertTrue(p.get("advice").get(0).asText().startsWith("leak at " + site + ": 3 connection(s) from pool '")
                && p.get("advice").get(0).asText().contains("ConnTrack gave all 3 back (reclaim=lost)"), p.get("advice").toString());
        assertTrue(r.stderr.contains("ConnTrack reclaim: reclaimed ") && r.stderr.contains(" lost at " + site + " for pool '")
                && r.stderr.contains("; fix that line"), "one WARN per burst names the line\n" + r.describe());
        String parkSite = SourceLines.frame(ReclaimScenario.class, "park", "// PARK");
        String advice = r.get(k + ".parkedAdvice").toString();
        assertTrue(advice.contains("abandoned at " + parkSite + ": 1 of max 3 held with their acquiring method finished (oldest "),
                "the advisor names the parked connection without reclaim=abandoned: " + advice);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void abandonedConnectionsComeBackAndLegitimateHoldsStay(Pool pool, Db db) throws Exception {
        CompatResults.describe("Reclaim", pool.name() + " abandoned", pool.version() + ", " + db.version(),
                "reclaim=abandoned, reclaimAfter=3s: parked + 2 dropped reclaimed, 10 s sleep and 10 s query never; stale handle's SQLException");
        db.server.require();
        ScenarioRun.Result r = run("abandoned", db).assertClean();
        String k = pool.name();
        assertFalse(r.has(k + ".error"), r.describe());
        // the dropped ones may already be collected (and given back): the other pools' scenarios run System.gc()
        assertTrue(r.get(k + ".ownFull").get(1).asLong() >= 3, "parked and both holds out: " + r.get(k + ".ownFull"));
        assertEquals(1, r.get(k + ".activeBack").get(0).asLong(), "parked and dropped came back: " + r.get(k + ".activeBack")
                + "\n" + r.describe());
        for (JsonNode w : r.get(k + ".borrowMillis")) {
            assertTrue(w.asLong() >= 0 && w.asLong() < 3_000, "3 later borrowers, each got one at once (ms): " + r.get(k + ".borrowMillis"));
        }
        assertTrue(r.get(k + ".holdsRunningAtBorrow").asBoolean(), "they borrowed while the 10 s holds went on");
        assertEquals("ok", r.get(k + ".sleeper").asText(), "a 10 s sleep in the acquiring method is never reclaimed");
        assertEquals("ok", r.get(k + ".query").asText(), "a 10 s query in the acquiring method is never reclaimed");
        String parkSite = SourceLines.frame(ReclaimScenario.class, "park", "// PARK");
        String stale = r.get(k + ".staleUse").asText();
        assertTrue(stale.contains("ConnTrack reclaimed this connection (reclaim=abandoned, reclaimAfter=3s): it was acquired at "
                + parkSite), "the stale handle fails with ConnTrack's message: " + stale);
        assertEquals("closed", r.get(k + ".staleClose").asText());
        JsonNode around = r.get(k + ".ownAroundStaleClose");
        assertEquals(around.get(0).get(1).asLong(), around.get(1).get(1).asLong(), "its close does not touch the pool: " + around);
        assertEquals(1, r.get(k + ".activeEnd").get(0).asLong(), "all back at the end: " + r.get(k + ".activeEnd"));
        JsonNode p = entry(r.get("final"), pool);
        assertTrue(p.get("reclaim").get("abandoned").asLong() >= 1, p.toString());
        boolean parkedReclaimed = false;
        for (JsonNode c : p.get("reclaim").get("byCallsite")) {
            parkedReclaimed |= c.get("callsite").asText().equals(parkSite);
            assertFalse(c.get("callsite").asText().contains("holdSleeping") || c.get("callsite").asText().contains("holdInQuery"),
                    "a legitimate hold was reclaimed: " + p);
        }
        assertTrue(parkedReclaimed, p.toString());
    }

    /** The scenario's sizes (package-private there). */
    private static final class ReclaimScenarioView {
        static final int LOST_MAX = 3;
        static final int ABANDONED_MAX = 5;
    }
}
