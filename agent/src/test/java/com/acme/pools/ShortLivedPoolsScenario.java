package com.acme.pools;

import com.acme.scenarios.Agent;
import com.acme.scenarios.Pools;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Issue 29, defect 3. {@code churn}: 5,000 short-lived DataSources (H2's JdbcDataSource, one borrow
 * each, then dropped), in batches of 1,000 collected in between, then a HikariCP pool of 10 that leaks
 * 3; prints {@code PRUNED-AFTER-BATCH <n> <pools listed>} and the snapshot. {@code limit <n>}: as many
 * DataSources held at once (more than ConnTrack tracks), all dropped, then the leaking pool.
 * {@code memory <n>}: the heap that n live DataSources without a database ({@link NoIoDataSource}), each
 * borrowed from once, cost once ConnTrack
 * has read them all ({@code HEAP-DELTA <bytes>}; run it with and without the agent).
 */
public final class ShortLivedPoolsScenario {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "churn":
                for (int batch = 1; batch <= 5; batch++) {
                    for (int i = 0; i < 1000; i++) {
                        borrowOnce(new NoIoDataSource());
                    }
                    System.out.println("PRUNED-AFTER-BATCH " + batch + " " + awaitPoolsListed(0));
                }
                leakThree();
                break;
            case "limit": {
                List<DataSource> held = new ArrayList<>();
                for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                    DataSource ds = new NoIoDataSource(); // a pool to ConnTrack (it has a pool's getter), no database
                    held.add(ds);
                    borrowOnce(ds);
                }
                System.out.println("HELD " + held.size() + " LISTED " + awaitPoolsListed(4095));
                held.clear();
                System.out.println("PRUNED " + awaitPoolsListed(0));
                leakThree();
                break;
            }
            case "memory": {
                int n = Integer.parseInt(args[1]);
                List<DataSource> live = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    live.add(new NoIoDataSource()); // no database: its caches would move the heap by megabytes
                }
                borrowOnce(new NoIoDataSource()); // classes loaded, the agent's pool classes too
                awaitEveryPoolRead();
                long before = usedAfterGc();
                for (DataSource ds : live) {
                    borrowOnce(ds);
                }
                awaitEveryPoolRead(); // each pool read once (its lane, its last reading), as the monitor does every second
                long after = usedAfterGc();
                System.out.println("HEAP-DELTA " + (after - before) + " POOLS " + live.size());
                if (args.length > 2) {
                    System.out.println(ManagementFactory.getPlatformMBeanServer().invoke(
                            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                            new Object[] {new String[0]}, new String[] {String[].class.getName()}));
                }
                break;
            }
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static void borrowOnce(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.isValid(1);
        }
    }

    private static void leakThree() throws Exception {
        try (HikariDataSource hikari = Pools.hikari("after-churn", 10)) {
            for (int i = 1; i <= 3; i++) {
                leak(hikari);
                Agent.awaitLeaks(i);
            }
            Agent.printSnapshot();
        }
    }

    static void leak(HikariDataSource ds) throws SQLException {
        ds.getConnection().isValid(1); // LEAK
    }

    /** Collects garbage until the snapshot lists at most {@code max} pools (the monitor prunes once a second); returns how many it lists. */
    private static int awaitPoolsListed(int max) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int n;
        do {
            System.gc();
            Thread.sleep(200);
            n = Agent.snapshot().get("pools").size();
        } while (n > max && System.nanoTime() < deadline);
        return n;
    }

    /** Takes snapshots (each reads every pool) until one read every pool in time, at most 20 s; nothing without the agent. */
    private static void awaitEveryPoolRead() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (Agent.snapshotJson() != null && System.nanoTime() < deadline) {
            boolean all = true;
            for (JsonNode p : Agent.snapshot().get("pools")) {
                all &= p.get("readError").isNull();
            }
            if (all) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /**
     * The bytes of live objects (the total of a class histogram, which collects garbage first), the least of
     * three readings 300 ms apart: the monitor queues a read of every pool each second, and a reading
     * while those are queued counts them too.
     */
    private static long usedAfterGc() throws Exception {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            Thread.sleep(300);
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] lines = histogram.trim().split("\n");
            String[] total = lines[lines.length - 1].trim().split("\\s+"); // Total <instances> <bytes>
            least = Math.min(least, Long.parseLong(total[2]));
        }
        return least;
    }
}
