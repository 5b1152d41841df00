package io.conntrack.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;

/**
 * Benchmark 5b, retained heap (run in a child JVM per variant by {@link BenchRunner}): heap used after
 * full GCs before and after (a) the first acquisition from each of 1,000 callsites (callsite cost) and
 * (b) holding {@code open} connections open, spread evenly over those callsites (per-connection cost).
 * Arguments: open connections (100,000) and callsites (1,000; the quick run uses fewer).
 * Prints {@code RESULT name=value} lines; the runner subtracts the baseline JVM's numbers.
 */
public final class RetainedMemory {

    private RetainedMemory() {
    }

    public static void main(String[] args) throws Exception {
        int open = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sites = args.length > 1 ? Integer.parseInt(args[1]) : Callsites1000.COUNT;
        TrivialDataSource ds = new TrivialDataSource();
        Connection[] held = new Connection[open];
        // Load and link every class on the path first, from callsite 0 only (one callsite, not 1,000).
        Callsites1000.open(0, ds).close();
        settle();
        long beforeSites = usedAfterGc();
        for (int i = 1; i < sites; i++) {
            Callsites1000.open(i, ds).close();
        }
        settle(); // the agent marks new callsites in the background: measure after it is done
        long afterSites = usedAfterGc();

        for (int i = 0; i < open; i++) {
            held[i] = Callsites1000.open(i % sites, ds);
        }
        settle();
        long withOpen = usedAfterGc();
        String json = AgentProbe.snapshotJson();
        for (Connection c : held) {
            c.close();
        }
        java.util.Arrays.fill(held, null);
        settle();
        long afterClose = usedAfterGc();

        System.out.println("RESULT callsitesDelta=" + (afterSites - beforeSites));
        System.out.println("RESULT callsites=" + (sites - 1));
        // Same JVM state either side (callsites known, marking done): only the open connections differ.
        System.out.println("RESULT openDelta=" + (withOpen - afterClose));
        System.out.println("RESULT open=" + open);
        System.out.println("RESULT trackedOpen=" + (json == null ? -1 : AgentProbe.field(json, "application", "open")));
        System.out.println("RESULT trackedCallsites=" + (json == null ? -1 : AgentProbe.field(json, "totals", "callsites")));
    }

    /** Waits (at most 60 s) until the agent's callsite-marking counters stop changing for one second. */
    private static void settle() throws InterruptedException {
        String last = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String json = AgentProbe.snapshotJson();
            if (json == null) {
                return;
            }
            String now = AgentProbe.field(json, "agent", "callsitesMarked") + "/" + AgentProbe.field(json, "agent", "callsitesNotMarked");
            if (now.equals(last)) {
                return;
            }
            last = now;
            Thread.sleep(1000);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

}
