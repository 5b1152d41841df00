package com.acme.compat.scenario;

import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.Probe;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.conntrack.testsupport.SourceLines;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Child JVM for ReclaimIT. Args: {@code lost|abandoned POOL[,POOL...] DB}.
 *
 * <p>{@code lost} (agent: reclaim=lost), each pool in turn, max {@value #LOST_MAX}: {@value #LOST_MAX}
 * connections dropped unclosed; once ConnTrack counted them leaked, the pool's own active count and
 * {@value #LOST_MAX} borrowers holding one each together (how long each waited); then one connection parked in a static
 * field by a finished request, and the advice that names it.
 *
 * <p>{@code abandoned} (agent: reclaim=abandoned, reclaimAfter=3s), all pools at once, max
 * {@value #ABANDONED_MAX}: one connection parked in a static field by a finished request, two dropped
 * unclosed, one held 10 s by a sleep in its acquiring method, one by a 10 s query; after the reclaim, three
 * borrowers while the two holds go on; then both holds' own results, and the parked handle's use and close.
 */
public final class ReclaimScenario {

    static final int LOST_MAX = 3;
    static final int ABANDONED_MAX = 5;
    static final long HOLD_MILLIS = 10_000;
    private static final Map<String, Connection> PARKED = new ConcurrentHashMap<>();
    private static final List<DataSource> KEEP = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Db db = Db.valueOf(args[2]);
        List<Pool> pools = new ArrayList<>();
        for (String p : args[1].split(",")) {
            pools.add(Pool.valueOf(p));
        }
        if (mode.equals("lost")) {
            for (Pool p : pools) {
                try {
                    lost(p, db);
                } catch (Exception | Error e) {
                    e.printStackTrace();
                    Probe.emit(p.name() + ".error", e.toString());
                }
            }
        } else {
            if (db == Db.H2) { // the slow query's function, made once for all pools (they share the database)
                try (Connection c = java.sql.DriverManager.getConnection(db.url, db.user, db.password); Statement s = c.createStatement()) {
                    s.execute("create alias if not exists RECLAIM_SLEEP for 'java.lang.Thread.sleep(long)'");
                }
            }
            ExecutorService all = Executors.newCachedThreadPool();
            List<Future<?>> runs = new ArrayList<>();
            for (Pool p : pools) {
                runs.add(all.submit(() -> {
                    try {
                        abandoned(p, db);
                    } catch (Exception | Error e) {
                        e.printStackTrace();
                        Probe.emit(p.name() + ".error", e.toString());
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get(120, TimeUnit.SECONDS);
            }
            all.shutdown();
        }
        Probe.snapshot("final");
        System.exit(0); // pools' own threads
    }

    // --- reclaim=lost --------------------------------------------------------------------------------

    private static void lost(Pool pool, Db db) throws Exception {
        String k = pool.name();
        DataSource ds = create(pool, db, LOST_MAX);
        KEEP.add(ds);
        for (int i = 0; i < 3; i++) {
            try (Connection c = ds.getConnection()) {
                c.isValid(1);
            }
        }
        String site = SourceLines.frame(ReclaimScenario.class, "lose", "// LOSE");
        long before = Probe.leakedAt(site);
        for (int i = 0; i < LOST_MAX; i++) {
            lose(ds);
        }
        Probe.emit(k + ".ownAfterLeaks", PoolStateScenario.own(pool, ds));
        boolean found = Probe.awaitLeaked(site, before + LOST_MAX, pool == Pool.C3P0 ? 2_000 : 20_000);
        Probe.emit(k + ".leaksFound", found);
        if (found) {
            Probe.emit(k + ".activeBack", awaitActive(pool, ds, 0, 10_000));
            Probe.emit(k + ".borrowMillis", borrowTogether(ds, LOST_MAX));
        }
        Probe.emit(k + ".ownEnd", PoolStateScenario.own(pool, ds));
        if (pool != Pool.C3P0) {
            ExecutorService requests = Executors.newSingleThreadExecutor();
            requests.submit(() -> park(k, ds)).get();
            String parkSite = SourceLines.frame(ReclaimScenario.class, "park", "// PARK");
            Probe.emit(k + ".parkedAdvice", awaitAdvice(parkSite, 10_000));
            PARKED.remove(k).close();
            requests.shutdown();
        }
        Probe.snapshot(k + ".snapshot");
        Pool.close(ds);
    }

    static void lose(DataSource ds) throws SQLException {
        ds.getConnection().isValid(1); // LOSE
    }

    /** A request that parks its connection in a static field and returns. */
    static Void park(String key, DataSource ds) throws SQLException {
        Connection c = ds.getConnection(); // PARK
        c.isValid(1);
        PARKED.put(key, c);
        return null;
    }

    /** {ok (0/1), the pool's active count at the end, milliseconds waited}. */
    private static long[] awaitActive(Pool pool, DataSource ds, long active, long timeoutMillis) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long now;
        do {
            System.gc();
            now = PoolStateScenario.own(pool, ds)[1];
            if (now <= active) {
                return new long[] {1, now, (System.nanoTime() - start) / 1_000_000};
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return new long[] {0, now, (System.nanoTime() - start) / 1_000_000};
    }

    /**
     * {@code n} borrowers, each holding until all have one: how long each waited (ms), -1 when it failed.
     * Each asks once the one before it has its connection. Arriving together, the third of three once
     * waited 6 s on HikariCP with reclaim=abandoned on H2, about until a legitimate hold ended: by all
     * appearances HikariCP's adder, which decides from the waiting count how many connections to open,
     * opened two. One after the other, each waiter makes the pool open its own.
     */
    private static long[] borrowTogether(DataSource ds, int n) throws Exception {
        ExecutorService borrowers = Executors.newFixedThreadPool(n);
        CountDownLatch all = new CountDownLatch(n);
        List<Future<Long>> waits = new ArrayList<>();
        CountDownLatch previous = new CountDownLatch(0);
        for (int i = 0; i < n; i++) {
            CountDownLatch after = previous;
            CountDownLatch got = new CountDownLatch(1);
            previous = got;
            waits.add(borrowers.submit(() -> {
                after.await(15, TimeUnit.SECONDS);
                long t = System.nanoTime();
                try (Connection c = ds.getConnection()) {
                    long waited = (System.nanoTime() - t) / 1_000_000;
                    got.countDown();
                    all.countDown();
                    all.await(15, TimeUnit.SECONDS);
                    return c.isValid(2) ? waited : -2;
                } catch (SQLException e) {
                    got.countDown();
                    all.countDown();
                    return -1L;
                }
            }));
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = waits.get(i).get(40, TimeUnit.SECONDS);
        }
        borrowers.shutdown();
        return out;
    }

    private static List<String> awaitAdvice(String callsite, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> last = List.of();
        do {
            com.fasterxml.jackson.databind.JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Probe.snapshotJson());
            for (com.fasterxml.jackson.databind.JsonNode p : s.get("pools")) {
                List<String> advice = new ArrayList<>();
                p.get("advice").forEach(a -> advice.add(a.asText()));
                if (advice.stream().anyMatch(a -> a.startsWith("abandoned at " + callsite))) {
                    return advice;
                }
                if (p.get("readError").isNull()) {
                    last = advice;
                }
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return last;
    }

    // --- reclaim=abandoned ---------------------------------------------------------------------------

    private static void abandoned(Pool pool, Db db) throws Exception {
        String k = pool.name();
        DataSource ds = create(pool, db, ABANDONED_MAX);
        synchronized (KEEP) {
            KEEP.add(ds);
        }
        ExecutorService requests = Executors.newSingleThreadExecutor(); // its thread stays, idle, like a server's
        requests.submit(() -> park(k, ds)).get();
        requests.submit(() -> {
            lose(ds);
            lose(ds);
            return null;
        }).get();
        ExecutorService holders = Executors.newFixedThreadPool(2);
        CountDownLatch holding = new CountDownLatch(2);
        Future<String> sleeper = holders.submit(() -> holdSleeping(ds, holding));
        Future<String> query = holders.submit(() -> holdInQuery(ds, db, holding));
        long start = System.nanoTime();
        holding.await(10, TimeUnit.SECONDS);
        Probe.emit(k + ".ownFull", PoolStateScenario.own(pool, ds));
        // the parked and the dropped connections are reclaimed after reclaimAfter=3s (looks every 2 s)
        Probe.emit(k + ".activeBack", awaitActive(pool, ds, 2, 9_000));
        Probe.emit(k + ".borrowMillis", borrowTogether(ds, 3));
        Probe.emit(k + ".holdsRunningAtBorrow", !sleeper.isDone() && !query.isDone());
        Probe.emit(k + ".sleeper", sleeper.get(30, TimeUnit.SECONDS));
        Probe.emit(k + ".query", query.get(30, TimeUnit.SECONDS));
        Probe.emit(k + ".heldMillis", (System.nanoTime() - start) / 1_000_000);
        Connection parked = PARKED.remove(k);
        String failure;
        try {
            parked.createStatement().execute(db.query);
            failure = "no exception";
        } catch (SQLException e) {
            failure = e.getClass().getName() + ": " + e.getMessage();
        }
        Probe.emit(k + ".staleUse", failure);
        long[] beforeClose = PoolStateScenario.own(pool, ds);
        String closed;
        try {
            parked.close();
            closed = "closed";
        } catch (SQLException e) {
            closed = e.toString();
        }
        Probe.emit(k + ".staleClose", closed);
        Probe.emit(k + ".ownAroundStaleClose", new long[][] {beforeClose, PoolStateScenario.own(pool, ds)});
        Probe.emit(k + ".activeEnd", awaitActive(pool, ds, 0, 5_000));
        holders.shutdown();
        requests.shutdown();
    }

    /** A legitimate long hold: the acquiring method sleeps, then uses the connection. */
    static String holdSleeping(DataSource ds, CountDownLatch holding) throws Exception {
        try (Connection c = ds.getConnection()) { // SLEEP
            holding.countDown();
            Thread.sleep(HOLD_MILLIS);
            return c.isValid(2) && !c.isClosed() ? "ok" : "invalid";
        } catch (SQLException e) {
            return e.toString();
        }
    }

    /** A legitimate long hold: a 10 s query in the acquiring method. */
    static String holdInQuery(DataSource ds, Db db, CountDownLatch holding) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) { // QUERY
            holding.countDown();
            s.execute(slowQuery(db));
            return c.isValid(2) ? "ok" : "invalid";
        } catch (SQLException e) {
            return e.toString();
        }
    }

    private static String slowQuery(Db db) {
        long seconds = HOLD_MILLIS / 1000;
        switch (db) {
            case POSTGRES:
                return "select pg_sleep(" + seconds + ")";
            case MARIADB:
            case MYSQL_ON_MARIADB:
                return "select sleep(" + seconds + ")";
            default:
                return "call RECLAIM_SLEEP(" + HOLD_MILLIS + ")";
        }
    }

    private static DataSource create(Pool pool, Db db, int max) throws Exception {
        if (pool != Pool.AGROAL) {
            return pool.create(db, max);
        }
        // Agroal counts active and idle only with its metrics on
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .metricsEnabled(true)
                .connectionPoolConfiguration(cp -> cp.maxSize(max).initialSize(1)
                        .acquisitionTimeout(Duration.ofSeconds(20))
                        .connectionFactoryConfiguration(cf -> cf.jdbcUrl(db.url)
                                .principal(new NamePrincipal(db.user))
                                .credential(new SimplePassword(db.password)))));
    }
}
