package io.conntrack.it;

import static io.conntrack.it.PoolsIT.Counts.at;
import static io.conntrack.it.PoolsIT.Counts.totals;
import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.callsites;
import static io.conntrack.it.Snapshots.pool;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.Dbcp2Scenario;
import com.acme.scenarios.HikariScenario;
import com.acme.scenarios.TomcatJdbcScenario;
import com.acme.scenarios.WrapperDataSourceScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real pools over H2, one scenario each (com.acme.scenarios.*Scenario): every borrow counts once at the
 * application line that made it, the pool's physical connections count as pool-owned (never as the
 * application's, never leaked), and closing the pool ends them all. Each scenario prints two snapshots:
 * 0 while one connection is held, 1 at the end (held connection closed, pool closed).
 */
class PoolsIT {

    /** A pool, its scenario and what its first snapshot must show. */
    enum Pool {
        HIKARI(HikariScenario.class, "com.zaxxer.hikari.pool.PoolBase.", totals(102, 100, 1, 1), 3,
                at("main", "// BORROW", 100, 100, 0, 0),
                at("main", "// HELD", 1, 0, 1, 0),
                // a borrowed proxy dropped and collected: a leak at its line
                at("leakOne", "// LEAK", 1, 0, 0, 1)),
        DBCP2(Dbcp2Scenario.class, "org.apache.commons.dbcp2.", totals(101, 100, 1, 0), 2,
                at("main", "// BORROW", 100, 100, 0, 0),
                at("main", "// HELD", 1, 0, 1, 0)),
        TOMCAT_JDBC(TomcatJdbcScenario.class, "org.apache.tomcat.jdbc.pool.", totals(111, 110, 1, 0), 3,
                // getConnection() inherited from DataSourceProxy, which does not implement DataSource
                at("main", "// BORROW", 100, 100, 0, 0),
                at("main", "// HELD", 1, 0, 1, 0),
                // a JDK proxy connection, borrowed through an application DataSource
                at("main", "// VIA-APP-DATASOURCE", 10, 10, 0, 0)),
        /**
         * Application DataSources over Hikari: Delegating, Wrapping, and Delegating(Wrapping(Delegating)).
         * Their nested getConnection() calls count as "[pool] connections opened inside a getConnection() call".
         */
        WRAPPERS_OVER_HIKARI(WrapperDataSourceScenario.class, null, totals(90, 90, 0, 0), 3,
                at("main", "// VIA-DELEGATING", 20, 20, 0, 0),
                at("main", "// VIA-WRAPPING", 30, 30, 0, 0),
                at("main", "// VIA-LAYERED", 40, 40, 0, 0));

        final Class<?> scenario;
        /** How the pool's own callsites (where it opens physical connections) start; null: not checked. */
        final String poolCallsitePrefix;
        /** The application's totals in snapshot 0. */
        final Counts application;
        final int applicationCallsites;
        final List<Counts> sites;

        Pool(Class<?> scenario, String poolCallsitePrefix, Counts application, int applicationCallsites, Counts... sites) {
            this.scenario = scenario;
            this.poolCallsitePrefix = poolCallsitePrefix;
            this.application = application;
            this.applicationCallsites = applicationCallsites;
            this.sites = List.of(sites);
        }
    }

    /** Acquired, closed, open and leaked counts (none failed) of totals, or of the scenario's marked line. */
    static final class Counts {
        final String method;
        final String marker;
        final long acquired;
        final long closed;
        final long open;
        final long leaked;

        private Counts(String method, String marker, long acquired, long closed, long open, long leaked) {
            this.method = method;
            this.marker = marker;
            this.acquired = acquired;
            this.closed = closed;
            this.open = open;
            this.leaked = leaked;
        }

        void assertIn(JsonNode counts) {
            assertCounts(counts, acquired, closed, open, leaked, 0);
        }

        // here, not in PoolsIT: Pool's constants call them, and PoolsIT's initializer reads Pool.values()
        static Counts totals(long acquired, long closed, long open, long leaked) {
            return new Counts(null, null, acquired, closed, open, leaked);
        }

        static Counts at(String method, String marker, long acquired, long closed, long open, long leaked) {
            return new Counts(method, marker, acquired, closed, open, leaked);
        }
    }

    private static final Map<Pool, ChildJvm.Result> RUNS = new EnumMap<>(Pool.class);

    /** Each scenario runs once, in the first test that needs it. */
    private static synchronized ChildJvm.Result run(Pool pool) throws Exception {
        ChildJvm.Result r = RUNS.get(pool);
        if (r == null) {
            r = ChildJvm.main(pool.scenario).run().assertOk();
            RUNS.put(pool, r);
        }
        return r;
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void eachBorrowCountsOnceAtTheApplicationLine(Pool pool) throws Exception {
        JsonNode s = run(pool).snapshot(0);
        for (Counts site : pool.sites) {
            site.assertIn(site(s, pool.scenario, site.method, site.marker));
        }
        pool.application.assertIn(application(s));
        assertEquals(pool.applicationCallsites, callsites(s, false).size(), s.toPrettyString());
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void physicalConnectionsArePoolOwnedNeverApplicationAndNeverLeaked(Pool pool) throws Exception {
        ChildJvm.Result run = run(pool);
        assertTrue(pool(run.snapshot(0)).get("acquired").asLong() >= 1, run.snapshot(0).toPrettyString());
        for (JsonNode s : new JsonNode[] {run.snapshot(0), run.snapshot(1)}) {
            for (JsonNode app : callsites(s, false)) {
                assertTrue(app.get("callsite").asText().startsWith(pool.scenario.getName() + "."), "application callsite " + app);
            }
            assertTrue(callsites(s, true).size() >= 1, s.toPrettyString());
            for (JsonNode p : callsites(s, true)) {
                assertTrue(pool.poolCallsitePrefix == null || p.get("callsite").asText().startsWith(pool.poolCallsitePrefix),
                        "pool callsite " + p);
                assertEquals(0, p.get("leaked").asLong(), p.toString());
            }
        }
    }

    /**
     * DBCP2 opens and closes a connection inside its first getConnection() to validate its factory;
     * Delegating(Wrapping(Delegating(Hikari))) returns the same proxy from nested getConnection() calls:
     * neither may leave a record open.
     */
    @ParameterizedTest
    @EnumSource(Pool.class)
    void closingThePoolEndsEveryConnection(Pool pool) throws Exception {
        JsonNode s = run(pool).snapshot(1);
        Counts before = pool.application; // the held connection closed since
        assertCounts(application(s), before.acquired, before.acquired - before.leaked, 0, before.leaked, 0);
        long physical = pool(s).get("acquired").asLong();
        assertTrue(physical >= 1, s.toPrettyString());
        assertCounts(pool(s), physical, physical, 0, 0, 0);
    }

    @Test
    void tomcatConnectionsAreJdkProxiesWhoseCloseIsCounted() throws Exception {
        ChildJvm.Result run = run(Pool.TOMCAT_JDBC);
        assertTrue(run.stdout.contains("TOMCAT-CONNECTION-IS-PROXY true"), run.toString());
    }

    @Test
    void hikariKeepsPhysicalConnectionsOpenWhileRunning() throws Exception {
        JsonNode open = pool(run(Pool.HIKARI).snapshot(0));
        assertTrue(open.get("acquired").asLong() >= 1 && open.get("open").asLong() >= 1, open.toString());
    }
}
