package com.acme.faults;

import com.acme.scenarios.Agent;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Runs for {@code args[0]} seconds: a steady stream of correct H2 borrows plus a stream of leaked
 * connections (from {@link TinyDriver}, so the database itself keeps nothing of them). Every
 * two seconds, after a GC, prints one SAMPLE line: used heap, the agent's open records and callsites,
 * leaks counted so far and leaks made.
 */
public final class SoakScenario {

    private static final int BORROWS_PER_TICK = 50;
    private static final int LEAKS_PER_TICK = 2;
    private static final long TICK_NANOS = 10_000_000L; // 100 ticks/s: 5,000 borrows and 200 leaks per second

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:soak;DB_CLOSE_DELAY=-1");
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextSample = start;
        long nextTick = start;
        long leaksMade = 0;
        long borrows = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < BORROWS_PER_TICK; i++) {
                borrows += borrow(ds);
            }
            for (int i = 0; i < LEAKS_PER_TICK; i++) {
                leak();
                leaksMade++;
            }
            long now = System.nanoTime();
            if (now - nextSample >= 0) {
                sample((now - start) / 1_000_000_000L, leaksMade);
                nextSample = now + 2_000_000_000L;
            }
            nextTick += TICK_NANOS;
            long sleep = nextTick - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            } else {
                nextTick = System.nanoTime(); // behind: do not burst to catch up
            }
        }
        Agent.awaitLeaks(leaksMade);
        sample((System.nanoTime() - start) / 1_000_000_000L, leaksMade);
        System.out.println("SOAK borrows " + borrows + " leaks " + leaksMade);
        Agent.printSnapshot();
    }

    private static int borrow(JdbcDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) { // SOAK-BORROW
            return c.getAutoCommit() ? 1 : 1;
        }
    }

    private static final TinyDriver TINY = new TinyDriver();

    private static void leak() throws SQLException {
        TINY.connect("jdbc:tiny:soak", null); // SOAK-LEAK
    }

    private static void sample(long second, long leaksMade) throws Exception {
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        JsonNode s = Agent.snapshot();
        int open = s == null ? -1 : Internals.openRecords();
        JsonNode totals = s == null ? null : s.get("totals");
        System.out.println("SAMPLE " + second + " heapKB " + heap / 1024 + " openRecords " + open
                + " callsites " + (totals == null ? -1 : totals.get("callsites").asLong())
                + " leaked " + (totals == null ? -1 : totals.get("application").get("leaked").asLong()) + " leaksMade " + leaksMade);
    }
}
