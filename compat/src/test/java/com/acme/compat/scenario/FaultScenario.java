package com.acme.compat.scenario;

import com.acme.compat.dao.AccountDao;
import com.acme.compat.dao.Db;
import com.acme.compat.dao.UnreachableDao;
import com.acme.compat.harness.Probe;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child JVM: faults on real servers. Args: the cases to run, among PG_TERMINATE, MARIADB_KILL,
 * UNREACHABLE, POOL_TIMEOUT.
 */
public final class FaultScenario {

    public static void main(String[] args) throws Exception {
        for (String c : args) {
            try {
                Probe.snapshot(c + ".before");
                switch (c) {
                    case "PG_TERMINATE":
                        killHeld(Db.POSTGRES, "select pg_backend_pid()", "select pg_terminate_backend(%d)", c);
                        break;
                    case "MARIADB_KILL":
                        killHeld(Db.MARIADB, "select connection_id()", "kill %d", c);
                        break;
                    case "UNREACHABLE":
                        unreachable(c);
                        break;
                    case "POOL_TIMEOUT":
                        poolTimeout(c);
                        break;
                    default:
                        throw new IllegalArgumentException(c);
                }
                Probe.snapshot(c + ".after");
            } catch (Exception | Error e) {
                e.printStackTrace();
                Probe.emit(c + ".error", e.toString());
            }
        }
    }

    /** Holds a connection, kills its server backend from a second connection, then closes it twice. */
    private static void killHeld(Db db, String idQuery, String killSql, String key) throws Exception {
        AccountDao dao = new AccountDao(null, db);
        Connection held = dao.hold();
        long id = single(held, idQuery);
        try (Connection admin = DriverManager.getConnection(db.url, db.user, db.password);
             Statement s = admin.createStatement()) {
            s.execute(String.format(killSql, id));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queryAfterKillThrew", throwsOn(() -> single(held, db.query)));
        out.put("closeThrew", throwsOn(() -> { held.close(); return null; }));
        out.put("secondCloseThrew", throwsOn(() -> { held.close(); return null; }));
        Probe.emit(key + ".result", out);
    }

    private static void unreachable(String key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connectThrew", throwsOn(() -> new UnreachableDao().connect()));
        Probe.emit(key + ".result", out);
    }

    /** A pool of one, held by {@code hold()}; the next borrow times out; a dump at that moment names the holder. */
    private static void poolTimeout(String key) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(Db.H2.url);
        cfg.setUsername(Db.H2.user);
        cfg.setPassword(Db.H2.password);
        cfg.setMaximumPoolSize(1);
        cfg.setConnectionTimeout(TIMEOUT_MILLIS);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            AccountDao dao = new AccountDao(ds, Db.H2);
            Connection held = dao.hold();
            Map<String, Object> out = new LinkedHashMap<>();
            try {
                dao.ping();
                out.put("thrown", null);
            } catch (SQLException e) {
                out.put("thrown", e.getClass().getName());
                Probe.emitRaw(key + ".dump", Probe.dump("pool timeout"));
            }
            Probe.emit(key + ".result", out);
            held.close();
        }
    }

    static final long TIMEOUT_MILLIS = 250; // HikariCP's smallest connectionTimeout

    private interface SqlAction {
        Object run() throws SQLException;
    }

    private static String throwsOn(SqlAction a) {
        try {
            a.run();
            return null;
        } catch (SQLException e) {
            return e.getClass().getName();
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
