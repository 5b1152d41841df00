package com.acme.dumps;

import com.acme.scenarios.Agent;
import com.acme.scenarios.Pools;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A real HikariCP pool of 10 losing connections at one line: the agent must forecast its exhaustion
 * (a forecast dump), and its pools[] entry, metrics included, must agree with HikariCP's own numbers.
 * Args: dumpDir leaks metricsPort. Prints {@code POOL-OWN max active idle waiting} just before and after
 * one snapshot, and {@code METRIC <line>} for each pool series scraped at that quiet moment.
 */
public final class PoolForecastScenario {

    public static void main(String[] args) throws Exception {
        int leaks = Integer.parseInt(args[1]);
        try (HikariDataSource ds = Pools.hikari("forecast", 10)) {
            for (int i = 0; i < 5; i++) {
                try (Connection c = ds.getConnection()) { // BORROW
                    c.isValid(1);
                }
            }
            for (int i = 1; i <= leaks; i++) {
                leakOne(ds);
                Agent.awaitLeaks(i);
            }
            Dumps.awaitDump(Dumps.dir(args), "forecast");
            HikariPoolMXBean mx = ds.getHikariPoolMXBean();
            for (int attempt = 0; attempt < 20; attempt++) {
                String before = own(ds, mx);
                Agent.printSnapshot();
                String scraped = scrape(Integer.parseInt(args[2]));
                String after = own(ds, mx);
                System.out.println(before);
                System.out.println(after);
                System.out.print(scraped);
                if (before.equals(after)) {
                    break; // quiet: HikariCP's housekeeper did not add an idle connection in between
                }
                Thread.sleep(200);
            }
        }
    }

    private static String own(HikariDataSource ds, HikariPoolMXBean mx) {
        return "POOL-OWN " + ds.getMaximumPoolSize() + " " + mx.getActiveConnections() + " " + mx.getIdleConnections() + " "
                + mx.getThreadsAwaitingConnection();
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        StringBuilder b = new StringBuilder();
        for (String line : r.body().split("\n")) {
            if (line.contains("pool=\"hikari-forecast\"")) {
                b.append("METRIC ").append(line).append('\n');
            }
        }
        return b.toString();
    }

    static void leakOne(HikariDataSource ds) throws SQLException {
        ds.getConnection(); // LEAK
    }
}
