package com.acme.compat.scenario;

import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.Probe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.conntrack.testsupport.SourceLines;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Child JVM: for each pool given, over H2, two connections held and then one lost (collected without
 * close()): at each quiet moment it emits the pool's own numbers ({@code <POOL>.own.held},
 * {@code .own.lost}: max, active, idle) read through the pool's API right before and right after the
 * snapshot it emits ({@code <POOL>.held}, {@code <POOL>.lost}). Args: POOL[,POOL...]
 */
public final class PoolStateScenario {

    private static final List<DataSource> KEEP = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String leakSite = SourceLines.frame(PoolStateScenario.class, "lose", "// LOSE");
        for (String name : args[0].split(",")) {
            Pool pool = Pool.valueOf(name);
            String k = pool.name();
            try {
                DataSource ds = pool == Pool.AGROAL ? agroalWithMetrics(Db.H2) : pool.create(Db.H2);
                KEEP.add(ds);
                for (int i = 0; i < 3; i++) {
                    try (Connection c = ds.getConnection()) { // BORROW
                        c.isValid(1);
                    }
                }
                Connection a = ds.getConnection(); // HOLD
                Connection b = ds.getConnection(); // HOLD
                quiet(k + ".held", pool, ds);
                if (pool != Pool.C3P0) { // c3p0 keeps the checked-out proxy reachable: no GC ever finds it
                    long before = Probe.leakedAt(leakSite);
                    lose(ds);
                    Probe.emit(k + ".lostFound", Probe.awaitLeaked(leakSite, before + 1, 8_000));
                    quiet(k + ".lost", pool, ds);
                }
                a.close();
                b.close();
                Pool.close(ds);
            } catch (Exception | Error e) {
                e.printStackTrace();
                Probe.emit(k + ".error", e.toString());
            }
        }
        Probe.snapshot("closed"); // every pool closed
    }

    static void lose(DataSource ds) throws SQLException {
        ds.getConnection().isValid(1); // LOSE
    }

    /** Emits the snapshot once the pool's own numbers are the same before and after it (a pool filling itself moves them). */
    private static void quiet(String key, Pool pool, DataSource ds) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            long[] before = own(pool, ds);
            String snapshot = Probe.snapshotJson();
            long[] after = own(pool, ds);
            // the pool unchanged while ConnTrack read it, and read in time (a read past 200 ms on a loaded machine shows readError)
            if (java.util.Arrays.equals(before, after) && allRead(snapshot) || attempt == 19) {
                Probe.emit(key.replace(".", ".own."), after);
                Probe.emitRaw(key, snapshot);
                return;
            }
            Thread.sleep(200);
        }
    }

    /** No pool's read failed but the earlier cells' closed pools ("pool closed", "pool not started or closed"). */
    private static boolean allRead(String snapshot) throws Exception {
        for (JsonNode p : new ObjectMapper().readTree(snapshot).get("pools")) {
            String error = p.path("readError").asText(null);
            if (error != null && !error.contains("closed")) {
                return false;
            }
        }
        return true;
    }

    /** max, active, idle as the pool itself tells them. */
    static long[] own(Pool pool, DataSource ds) throws Exception {
        switch (pool) {
            case HIKARI: {
                HikariDataSource h = (HikariDataSource) ds;
                return new long[] {h.getMaximumPoolSize(), h.getHikariPoolMXBean().getActiveConnections(),
                    h.getHikariPoolMXBean().getIdleConnections()};
            }
            case DBCP2: {
                BasicDataSource d = (BasicDataSource) ds;
                return new long[] {d.getMaxTotal(), d.getNumActive(), d.getNumIdle()};
            }
            case TOMCAT: {
                org.apache.tomcat.jdbc.pool.DataSource t = (org.apache.tomcat.jdbc.pool.DataSource) ds;
                return new long[] {t.getMaxActive(), t.getActive(), t.getIdle()};
            }
            case C3P0: {
                ComboPooledDataSource c = (ComboPooledDataSource) ds;
                return new long[] {c.getMaxPoolSize(), c.getNumBusyConnectionsDefaultUser(), c.getNumIdleConnectionsDefaultUser()};
            }
            case AGROAL: {
                AgroalDataSource g = (AgroalDataSource) ds;
                return new long[] {g.getConfiguration().connectionPoolConfiguration().maxSize(), g.getMetrics().activeCount(),
                    g.getMetrics().availableCount()};
            }
            default:
                throw new AssertionError(pool);
        }
    }

    /** As {@code Pool.AGROAL.create}, with the metrics on: Agroal counts active and idle only then. */
    private static DataSource agroalWithMetrics(Db db) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .metricsEnabled(true)
                .connectionPoolConfiguration(cp -> cp.maxSize(Pool.MAX).initialSize(1)
                        .acquisitionTimeout(Duration.ofSeconds(10))
                        .connectionFactoryConfiguration(cf -> cf.jdbcUrl(db.url)
                                .principal(new NamePrincipal(db.user))
                                .credential(new SimplePassword(db.password)))));
    }
}
