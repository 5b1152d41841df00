package com.acme.security;

import com.acme.scenarios.Agent;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Uses a password (read from the file {@code args[0]}, so it is not on the command line) every way an
 * application can hand one to JDBC: in the URL, in Properties (with keys named like secret and token too), as
 * getConnection(user, password), on a DataSource and a pool; leaks one, holds one past holdThreshold.
 */
public final class SecretsScenario {

    public static void main(String[] args) throws Exception {
        String secret = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.US_ASCII).trim();
        Path dumps = Paths.get(args[1]);
        String base = "jdbc:h2:mem:secrets;DB_CLOSE_DELAY=-1";
        Connection first = DriverManager.getConnection(base + ";USER=sa;PASSWORD=" + secret); // URL-PASSWORD
        first.close();
        DriverManager.getConnection(base, "sa", secret).close(); // ARGS

        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", secret);
        DriverManager.getConnection(base, p).close(); // PROPERTIES
        Properties odd = new Properties();
        odd.putAll(p);
        odd.setProperty("clientSecret", secret);
        odd.setProperty("accessToken", secret);
        odd.setProperty("dbPasswordHint", secret);
        attempt(() -> DriverManager.getConnection(base, odd).close());
        attempt(() -> DriverManager.getConnection(base, "sa", "wrong-" + secret).close());
        attempt(() -> DriverManager.getConnection("jdbc:postgresql://admin:" + secret + "@db.example:5432/app?password="
                + secret + "&token=" + secret).close());

        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(base);
        ds.setUser("sa");
        ds.setPassword(secret);
        ds.getConnection().close(); // DATASOURCE
        ds.getConnection("sa", secret).close();

        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(base);
        cfg.setUsername("sa");
        cfg.setPassword(secret);
        cfg.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            pool.getConnection().close();
            leak(ds, secret);
            Agent.awaitLeaks(1);
            Agent.awaitDumpFile(dumps, "leak");
            Thread.sleep(1_200); // past dumpInterval=1s after the leak dump, so the hold dump is not rate-limited
            Connection held = pool.getConnection(); // HELD
            Agent.awaitDumpFile(dumps, "holdThreshold"); // past holdThreshold=1s: a hold dump
            System.out.println("DUMP " + Agent.dump("secrets check"));
            held.close();
        }
        atExit = DriverManager.getConnection(base, "sa", secret); // EXIT
        System.out.println("APP done " + atExit.isValid(1));
        Agent.printSnapshot();
    }

    /** Still open when the JVM exits (a static, or the GC may find it unreachable first: a leak, not an exit). */
    static Connection atExit;

    private static void leak(JdbcDataSource ds, String secret) throws SQLException {
        ds.getConnection("sa", secret); // LEAK
    }

    interface Attempt {
        void run() throws SQLException;
    }

    private static void attempt(Attempt a) {
        try {
            a.run();
        } catch (SQLException expected) {
            // a failed acquisition: counted by the agent, the message stays with the application
        }
    }
}
