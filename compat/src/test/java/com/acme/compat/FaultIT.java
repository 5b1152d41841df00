package com.acme.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.compat.dao.AccountDao;
import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.dao.UnreachableDao;
import com.acme.compat.harness.CompatResults;
import com.acme.compat.harness.KnownAgentBugs;
import com.acme.compat.harness.ScenarioRun;
import com.acme.compat.harness.Servers;
import com.acme.compat.harness.Snap;
import com.acme.compat.scenario.FaultScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.SourceLines;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Server-side kills, an unreachable server and a pool timeout, in one child JVM. */
@ExtendWith(CompatResults.class)
class FaultIT {

    private static ScenarioRun.Result run;

    private static synchronized ScenarioRun.Result run() {
        if (run == null) {
            List<String> cases = new ArrayList<>(List.of("UNREACHABLE", "POOL_TIMEOUT"));
            if (Servers.POSTGRES.reachable()) {
                cases.add("PG_TERMINATE");
            }
            if (Servers.MARIADB.reachable()) {
                cases.add("MARIADB_KILL");
            }
            run = ScenarioRun.run(FaultScenario.class, "", cases.toArray(new String[0]));
        }
        return run;
    }

    private static final String HOLD = SourceLines.frame(AccountDao.class, "hold", "// HOLD");

    private static void assertKilledConnectionClosedOnce(String key) {
        ScenarioRun.Result r = run().assertClean();
        assertFalse(r.has(key + ".error"), () -> String.valueOf(r.get(key + ".error")));
        Snap before = r.snap(key + ".before");
        Snap after = r.snap(key + ".after");
        String ctx = after.diff(before) + "\nresult=" + r.get(key + ".result");
        assertNotNull(r.get(key + ".result").get("queryAfterKillThrew").textValue(), "backend not killed" + ctx);
        assertEquals(1, after.siteDelta(before, HOLD, "acquired"), ctx);
        assertEquals(1, after.siteDelta(before, HOLD, "closed"), "closed exactly once" + ctx);
        assertEquals(0, after.site(HOLD, "open"), ctx);
        assertEquals(0, after.appDelta(before, "open"), ctx);
        assertEquals(0, after.appDelta(before, "leaked"), ctx);
        assertEquals(0, after.appDelta(before, "failed"), ctx);
        assertEquals(2, after.appDelta(before, "closed"), "the held and the admin connection" + ctx);
    }

    @Test
    void postgresBackendTerminatedWhileHeld() {
        CompatResults.describe("Faults on real servers", "pg_terminate_backend of a held connection",
                Db.POSTGRES.version(), "query fails; close() counted closed exactly once (also on a second close)");
        Servers.POSTGRES.require();
        assertKilledConnectionClosedOnce("PG_TERMINATE");
    }

    @Test
    void mariadbConnectionKilledWhileHeld() {
        CompatResults.describe("Faults on real servers", "MariaDB KILL of a held connection",
                Db.MARIADB.version(), "query fails; close() counted closed exactly once (also on a second close)");
        Servers.MARIADB.require();
        assertKilledConnectionClosedOnce("MARIADB_KILL");
    }

    @Test
    void unreachableServerCountsAFailureAtTheCallsite() {
        CompatResults.describe("Faults on real servers", "unreachable server (port 1)",
                Db.POSTGRES.version().replace(" on Postgres", ""), "getConnection throws; failed at its callsite; nothing open");
        ScenarioRun.Result r = run().assertClean();
        String site = SourceLines.frame(UnreachableDao.class, "connect", "// UNREACHABLE");
        Snap before = r.snap("UNREACHABLE.before");
        Snap after = r.snap("UNREACHABLE.after");
        String ctx = after.diff(before);
        assertNotNull(r.get("UNREACHABLE.result").get("connectThrew").textValue(), ctx);
        assertEquals(1, after.siteDelta(before, site, "failed"), ctx);
        assertEquals(0, after.siteDelta(before, site, "acquired"), ctx);
        assertEquals(1, after.appDelta(before, "failed"), ctx);
        assertEquals(0, after.appDelta(before, "open"), ctx);
        assertEquals(0, after.poolDelta(before, "open"), ctx);
        assertEquals(0, after.poolDelta(before, "failed"), ctx);
    }

    @Test
    void poolTimeoutIsAFailedAcquisitionAndTheDumpNamesTheHolder() throws Throwable {
        CompatResults.describe("Faults on real servers", "HikariCP pool timeout (pool of 1, held)",
                Pool.HIKARI.version() + ", " + Db.H2.version(),
                "SQLTransientConnectionException; failed with wait >= timeout; dump names the holder");
        ScenarioRun.Result r = run().assertClean();
        KnownAgentBugs.run("POOL_TIMEOUT", () -> checkPoolTimeout(r));
    }

    private static void checkPoolTimeout(ScenarioRun.Result r) {
        assertFalse(r.has("POOL_TIMEOUT.error"), () -> String.valueOf(r.get("POOL_TIMEOUT.error")));
        assertEquals("java.sql.SQLTransientConnectionException", r.get("POOL_TIMEOUT.result").get("thrown").asText());
        String borrow = SourceLines.frame(AccountDao.class, "ping", "// BORROW");
        Snap dump = new Snap(r.get("POOL_TIMEOUT.dump"));
        JsonNode waiting = dump.site(borrow);
        assertNotNull(waiting, "the dump has no callsite " + borrow + "; it has "
                + dump.sites().stream().map(c -> c.get("callsite").asText()).collect(Collectors.toList()));
        assertEquals(1, waiting.get("failed").asLong(), waiting.toString());
        assertTrue(waiting.get("acquireWaitMaxMillis").asDouble() >= 250, waiting.toString());
        JsonNode holder = dump.site(HOLD);
        assertNotNull(holder, dump.toString());
        assertEquals(1, holder.get("open").asLong(), holder.toString());
        JsonNode oldest = holder.get("oldestOpen");
        assertTrue(oldest != null && oldest.size() == 1, "dump does not name the holder: " + holder);
        assertEquals("main", oldest.get(0).get("thread").asText(), holder.toString());
        assertTrue(oldest.get(0).get("ageMillis").asLong() >= 250, holder.toString());
        Snap before = r.snap("POOL_TIMEOUT.before");
        Snap after = r.snap("POOL_TIMEOUT.after");
        assertEquals(1, after.appDelta(before, "failed"), after.diff(before));
        assertEquals(1, after.appDelta(before, "acquired"), after.diff(before));
        assertEquals(0, after.appDelta(before, "open"), after.diff(before));
    }
}
