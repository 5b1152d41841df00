package com.acme.compat.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** Assertions shared by the matrix tests. */
public final class WorkloadChecks {

    /** Every pool of the matrix is built with at most this many connections. */
    public static final int MAX_POOL = 3;
    /** How long a scenario collects garbage for a planted leak the GC can see (one a few hundred ms on a quiet machine). */
    public static final long LEAK_FOUND_MILLIS = 20_000;
    /** ... and for one it cannot see: it is looked for briefly, to notice the day it can. */
    public static final long LEAK_UNSEEN_MILLIS = 4_000;

    /**
     * Where the library itself keeps a leaked connection reachable, so no GC can find it: c3p0's
     * NewPooledConnection holds the checked-out proxy; HSQLDB's in-process session holds its
     * JDBCConnection. There the leak must show as an open connection at the DAO line instead.
     */
    public static boolean gcCannotSee(Db db, Pool pool) {
        return pool == Pool.C3P0 || db == Db.HSQLDB && pool == Pool.NONE;
    }

    private WorkloadChecks() {
    }

    /**
     * The checks of one workload cell: N correct borrows at {@code borrow}, then one planted leak at
     * {@code leak}, from the snapshots the scenario emitted under key {@code k}.
     */
    public static void check(ScenarioRun.Result r, String k, String borrow, String leak, int n, boolean pooled,
                             boolean held) {
        assertFalse(r.has(k + ".error"), () -> "scenario threw: " + r.get(k + ".error") + "\n" + r.describe());
        Snap before = r.snap(k + ".before");
        Snap work = r.snap(k + ".work");
        Snap leaked = r.snap(k + ".leak");
        String ctx = "\nworkload:" + work.diff(before) + "\nleak:" + leaked.diff(work);

        // correct workload: N borrows at the DAO line, all closed, nothing else in the application
        assertEquals(List.of(borrow), work.appSitesChangedSince(before, "acquired"),
                "application callsites that acquired during the workload" + ctx);
        assertEquals(n, work.siteDelta(before, borrow, "acquired"), ctx);
        assertEquals(n, work.siteDelta(before, borrow, "closed"), ctx);
        for (String c : new String[] {"open", "leaked", "failed"}) {
            assertEquals(0, work.appDelta(before, c), c + ctx);
        }

        // planted leak: at the DAO line marked // LEAK, never at the pool or the driver
        assertEquals(List.of(borrow, leak).stream().sorted().collect(Collectors.toList()),
                leaked.appSitesChangedSince(before, "acquired").stream().sorted().collect(Collectors.toList()),
                "application callsites that acquired in the workload and the leak" + ctx);
        assertEquals(1, leaked.siteDelta(before, leak, "acquired"), ctx);
        assertEquals(0, leaked.siteDelta(before, leak, "closed"), ctx);
        assertEquals(n + 1, leaked.appDelta(before, "acquired"), ctx);
        assertEquals(n, leaked.appDelta(before, "closed"), ctx);
        assertEquals(0, leaked.appDelta(before, "failed"), ctx);
        if (held) {
            assertFalse(r.get(k + ".leakFound").asBoolean(), "now found by GC: update gcCannotSee" + ctx);
            assertEquals(1, leaked.appDelta(before, "open"), ctx);
            JsonNode site = new Snap(r.get(k + ".leakDump")).site(leak);
            assertTrue(site != null && site.get("open").asLong() == leaked.site(leak, "open"),
                    "dump does not name the leak" + ctx);
            assertEquals("main", site.get("oldestOpen").get(0).get("thread").asText(), site.toString());
        } else {
            assertTrue(r.get(k + ".leakFound").asBoolean(), "leak not reported within " + LEAK_FOUND_MILLIS / 1000 + " s" + ctx);
            assertEquals(1, leaked.siteDelta(before, leak, "leaked"), ctx);
            assertEquals(1, leaked.appDelta(before, "leaked"), ctx);
            assertEquals(0, leaked.appDelta(before, "open"), ctx);
        }

        // the pool's physical connections: pool-owned, never leaked while the pool is open
        if (!pooled) {
            assertEquals(0, leaked.poolDelta(before, "acquired"), ctx);
        } else {
            assertTrue(leaked.poolDelta(before, "acquired") >= 1, "no pool-owned connection seen" + ctx);
            assertTrue(leaked.poolDelta(before, "open") <= MAX_POOL, "more physical connections than the pool has" + ctx);
        }
        assertEquals(0, leaked.poolDelta(before, "leaked"), "a pool-owned connection leaked" + ctx);
    }
}
