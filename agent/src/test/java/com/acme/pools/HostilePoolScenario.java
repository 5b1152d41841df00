package com.acme.pools;

import com.acme.scenarios.Agent;
import com.acme.scenarios.Pools;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import javax.management.ObjectName;

/**
 * A JVM with a hostile pool (args[0]: a {@link HostileDataSource.Mode}) and a healthy HikariCP pool that
 * leaks: what the application asks of ConnTrack must answer in time, the leak must still be dumped, and
 * the JVM must exit when main returns with a connection open. Prints one line per answer:
 * {@code TOOK <what> <millis> <result>}, and what JMX (the Pools table, dumpJson, dumpText), /metrics
 * and /dump answered between {@code <WHAT>-BEGIN} and {@code <WHAT>-END} lines. args[1]: the metrics port.
 */
public final class HostilePoolScenario {

    static Connection openAtExit;

    public static void main(String[] args) throws Exception {
        HostileDataSource hostile = new HostileDataSource(HostileDataSource.Mode.valueOf(args[0]), Pools.h2("hostile"));
        try (Connection c = hostile.getConnection()) { // ConnTrack now knows the hostile pool
            c.isValid(1);
        }
        Thread.sleep(1500); // the monitor's pool look calls into it
        HikariDataSource hikari = Pools.hikari("healthy", 4);
        leak(hikari);
        Agent.awaitLeaks(1);

        long t = System.nanoTime();
        String snapshot = Agent.snapshotJson();
        took("snapshotJson", t, snapshot == null ? "null" : snapshot.length() + " chars");
        t = System.nanoTime();
        Path dump = Agent.dump("asked while a pool misbehaves");
        took("dump", t, String.valueOf(dump));
        ObjectName bean = new ObjectName("io.conntrack:type=ConnTrack");
        for (long end = System.nanoTime() + 10_000_000_000L; !ManagementFactory.getPlatformMBeanServer().isRegistered(bean)
                && System.nanoTime() < end; ) {
            Thread.sleep(20); // registered off premain, by the agent's start-up thread
        }
        t = System.nanoTime();
        Object pools = ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "Pools");
        took("jmx", t, pools == null ? "null" : "table");
        System.out.println("JMX-POOLS-BEGIN\n" + pools + "\nJMX-POOLS-END");
        t = System.nanoTime();
        Object jmxJson = ManagementFactory.getPlatformMBeanServer().invoke(bean, "dumpJson", new Object[0], new String[0]);
        took("jmxDumpJson", t, jmxJson == null ? "null" : "json");
        System.out.println("JMX-DUMPJSON-BEGIN\n" + jmxJson + "\nJMX-DUMPJSON-END");
        t = System.nanoTime();
        Object jmxText = ManagementFactory.getPlatformMBeanServer().invoke(bean, "dumpText", new Object[0], new String[0]);
        took("jmxDumpText", t, jmxText == null ? "null" : "text");
        System.out.println("JMX-DUMPTEXT-BEGIN\n" + jmxText + "\nJMX-DUMPTEXT-END");
        get(args[1], "/warm"); // untimed: java.net.http's own cold start (its classes, its selector thread) is not the agent's answer
        t = System.nanoTime();
        HttpResponse<String> metrics = get(args[1], "/metrics");
        took("metrics", t, "HTTP " + metrics.statusCode());
        System.out.println("METRICS-BEGIN\n" + metrics.body() + "METRICS-END");
        t = System.nanoTime();
        HttpResponse<String> httpDump = get(args[1], "/dump");
        took("httpDump", t, "HTTP " + httpDump.statusCode());
        System.out.println("HTTP-DUMP-BEGIN\n" + httpDump.body() + "\nHTTP-DUMP-END");

        if (args[0].equals("BLOCK") || args[0].equals("SLEEP_5S")) {
            awaitCallsOff(); // a few rounds without an answer: ConnTrack stops calling into the hostile pool
        }
        openAtExit = hikari.getConnection(); // OPEN-AT-EXIT
        System.out.println("MAIN-RETURNS " + System.currentTimeMillis());
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitCallsOff() throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            for (JsonNode p : Agent.snapshot().get("pools")) {
                if (p.get("class").asText().equals(HostileDataSource.class.getName())
                        && p.get("readError").asText("").startsWith("calls into it are off")) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        System.out.println("CALLS-NOT-OFF");
    }

    private static void leak(HikariDataSource ds) throws Exception {
        Connection dropped = ds.getConnection(); // LEAK
        dropped.isValid(1);
    }

    private static void took(String what, long startNanos, String result) {
        System.out.println("TOOK " + what + " " + (System.nanoTime() - startNanos) / 1_000_000 + " " + result);
    }
}
