package com.acme.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.compat.dao.AccountDao;
import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.ChildJvm;
import com.acme.compat.harness.CompatResults;
import com.acme.compat.harness.KnownAgentBugs;
import com.acme.compat.harness.Snap;
import com.acme.compat.harness.SourceLines;
import com.acme.compat.scenario.DriverPoolScenario;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every driver with every pool (and none): one child JVM per driver runs all pools. */
@ExtendWith(CompatResults.class)
class DriverPoolIT {

    static final int N = 5;
    private static final Map<Db, ChildJvm.Result> RUNS = new EnumMap<>(Db.class);

    static Stream<Arguments> cells() {
        String only = System.getProperty("compat.db", "");
        return Arrays.stream(Db.values()).filter(d -> only.isEmpty() || only.contains(d.name())).flatMap(db -> Arrays.stream(Pool.values()).map(p -> Arguments.of(db, p)));
    }

    private static synchronized ChildJvm.Result run(Db db) {
        return RUNS.computeIfAbsent(db, d -> ChildJvm.run(DriverPoolScenario.class, "",
                d.name(), Arrays.stream(Pool.values()).map(Enum::name).collect(Collectors.joining(",")),
                String.valueOf(N)));
    }

    /**
     * Where the library itself keeps a leaked connection reachable, so no GC can find it: c3p0's
     * NewPooledConnection holds the checked-out proxy; HSQLDB's in-process session holds its
     * JDBCConnection. There the leak must show as an open connection at the DAO line instead.
     */
    static boolean gcCannotSee(Db db, Pool pool) {
        return pool == Pool.C3P0 || db == Db.HSQLDB && pool == Pool.NONE;
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cells")
    void correctWorkloadIsCleanAndPlantedLeakIsAttributedToTheDao(Db db, Pool pool) throws Throwable {
        boolean held = gcCannotSee(db, pool);
        CompatResults.describe("Drivers x pools", db + " / " + pool, db.version() + ", " + pool.version(),
                "correct workload (N=" + N + "), planted leak " + (held
                        ? "(library keeps it reachable: found as open at the DAO line by a dump, not by GC)"
                        : "found by GC") + ", pool-owned");
        db.server.require();
        ChildJvm.Result r = run(db).assertClean();
        KnownAgentBugs.run(db + "/" + pool, () -> check(r, db + "." + pool, pool, held));
    }

    private static void check(ChildJvm.Result r, String k, Pool pool, boolean held) {
        assertFalse(r.has(k + ".error"), () -> "scenario threw: " + r.get(k + ".error") + "\n" + r.describe());
        String borrow = SourceLines.callsite(AccountDao.class, "ping", "// BORROW");
        String leak = SourceLines.callsite(AccountDao.class, "pingAndForget", "// LEAK");
        Snap before = r.snap(k + ".before");
        Snap work = r.snap(k + ".work");
        Snap leaked = r.snap(k + ".leak");
        String ctx = "\nworkload:" + work.diff(before) + "\nleak:" + leaked.diff(work);

        // correct workload: N borrows at the DAO line, all closed, nothing else in the application
        assertEquals(List.of(borrow), work.appSitesChangedSince(before, "acquired"), ctx);
        assertEquals(N, work.siteDelta(before, borrow, "acquired"), ctx);
        assertEquals(N, work.siteDelta(before, borrow, "closed"), ctx);
        for (String c : new String[] {"open", "leaked", "failed"}) {
            assertEquals(0, work.appDelta(before, c), c + ctx);
        }

        // planted leak: at the DAO line marked // LEAK, never at the pool or the driver
        assertEquals(List.of(borrow, leak).stream().sorted().collect(Collectors.toList()),
                leaked.appSitesChangedSince(before, "acquired").stream().sorted().collect(Collectors.toList()), ctx);
        assertEquals(1, leaked.siteDelta(before, leak, "acquired"), ctx);
        assertEquals(0, leaked.siteDelta(before, leak, "closed"), ctx);
        assertEquals(N + 1, leaked.appDelta(before, "acquired"), ctx);
        assertEquals(N, leaked.appDelta(before, "closed"), ctx);
        assertEquals(0, leaked.appDelta(before, "failed"), ctx);
        if (held) {
            assertFalse(r.get(k + ".leakFound").asBoolean(), "now found by GC: update gcCannotSee" + ctx);
            assertEquals(1, leaked.appDelta(before, "open"), ctx);
            JsonNode site = new Snap(r.get(k + ".leakDump")).site(leak);
            assertTrue(site != null && site.get("open").asLong() == leaked.site(leak, "open"),
                    "dump does not name the leak" + ctx);
            assertEquals("main", site.get("oldestOpen").get(0).get("thread").asText(), site.toString());
        } else {
            assertTrue(r.get(k + ".leakFound").asBoolean(), "leak not reported within 4s" + ctx);
            assertEquals(1, leaked.siteDelta(before, leak, "leaked"), ctx);
            assertEquals(1, leaked.appDelta(before, "leaked"), ctx);
            assertEquals(0, leaked.appDelta(before, "open"), ctx);
        }

        // the pool's physical connections: pool-owned, never leaked while the pool is open
        if (pool == Pool.NONE) {
            assertEquals(0, leaked.poolDelta(before, "acquired"), ctx);
        } else {
            assertTrue(leaked.poolDelta(before, "acquired") >= 1, "no pool-owned connection seen" + ctx);
            assertTrue(leaked.poolDelta(before, "open") <= Pool.MAX, "more physical connections than the pool has" + ctx);
        }
        assertEquals(0, leaked.poolDelta(before, "leaked"), "a pool-owned connection leaked" + ctx);
    }
}
