package com.acme.compat.realleak;

import com.acme.compat.dao.Db;
import com.acme.compat.harness.Probe;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Child-JVM side shared by the real-leak scenarios: the application's pool (HikariCP on PostgreSQL,
 * larger than the leaks, so the workload never waits), schema scripts shipped in the library's jar,
 * and the end of every scenario: garbage collection until the leaks are found (or, for a fixed
 * release, a bounded chance for them to show), then one on-demand dump, emitted as {@code dump} and
 * {@code dumpText}.
 */
final class RealLeakScenarios {

    static final String POOL_NAME = "app-pool";

    private RealLeakScenarios() {
    }

    static HikariDataSource pool() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(Db.POSTGRES.url);
        c.setUsername(Db.POSTGRES.user);
        c.setPassword(Db.POSTGRES.password);
        c.setMaximumPoolSize(RealLeak.LEAKS + 5);
        c.setMinimumIdle(1);
        c.setPoolName(POOL_NAME);
        return new HikariDataSource(c);
    }

    /** Runs the statements of a script from the class path (the library's own DDL), ';'-separated. */
    static void runScript(HikariDataSource ds, String resource, String... before) throws SQLException, IOException {
        String script;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        execute(ds, before);
        for (String sql : script.replaceAll("(?m)^\\s*(--|#).*$", "").split(";")) {
            if (!sql.isBlank()) {
                execute(ds, sql);
            }
        }
    }

    static void execute(HikariDataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * Collects garbage until the leaks show (bounded), dumps, and emits what the test reads, with the
     * jar {@code library} was loaded from (the test checks that the child ran the release it names).
     */
    static void finish(String reason, boolean fixed, Class<?> library) throws Exception {
        Probe.emit("libraryJar", Paths.get(library.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName().toString());
        // A fixed release leaks nothing: give a leak the same collections a leaking release needs, no more.
        boolean found = Probe.awaitAppLeaked(RealLeak.LEAKS, fixed ? 1_500 : 10_000);
        Probe.emit("leaksFound", found);
        String[] dump = Probe.dumpJsonAndText(reason);
        Probe.emitRaw("dump", dump[0]);
        Probe.emit("dumpText", dump[1]);
    }

    static boolean fixed(String[] args) {
        if (args.length != 1 || !(args[0].equals("leaky") || args[0].equals("fixed"))) {
            throw new IllegalArgumentException("usage: <scenario> leaky|fixed");
        }
        return args[0].equals("fixed");
    }
}
