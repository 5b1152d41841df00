package io.conntrack.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;

/**
 * Benchmark 5b, retained heap (run in a child JVM per variant by {@link BenchRunner}): heap used after
 * full GCs before and after (a) the first acquisition from each of 1,000 callsites (callsite cost) and
 * (b) holding {@code open} connections open, spread evenly over those callsites (per-connection cost).
 * Prints {@code RESULT name=value} lines; the runner subtracts the baseline JVM's numbers.
 */
public final class RetainedMemory {

    private RetainedMemory() {
    }

    public static void main(String[] args) throws Exception {
        int open = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        TrivialDataSource ds = new TrivialDataSource();
        Connection[] held = new Connection[open];
        // Load and link every class on the path first, from callsite 0 only (one callsite, not 1,000).
        Callsites1000.open(0, ds).close();
        AgentProbe.snapshotJson();

        long beforeSites = usedAfterGc();
        for (int i = 1; i < Callsites1000.COUNT; i++) {
            Callsites1000.open(i, ds).close();
        }
        long afterSites = usedAfterGc();

        for (int i = 0; i < open; i++) {
            held[i] = Callsites1000.open(i % Callsites1000.COUNT, ds);
        }
        long afterOpen = usedAfterGc();

        String json = AgentProbe.snapshotJson();
        System.out.println("RESULT callsitesDelta=" + (afterSites - beforeSites));
        System.out.println("RESULT callsites=" + (Callsites1000.COUNT - 1));
        System.out.println("RESULT openDelta=" + (afterOpen - afterSites));
        System.out.println("RESULT open=" + open);
        System.out.println("RESULT trackedOpen=" + (json == null ? -1 : AgentProbe.field(json, "application", "open")));
        System.out.println("RESULT trackedCallsites=" + (json == null ? -1 : AgentProbe.field(json, "totals", "callsites")));
        for (Connection c : held) {
            c.close();
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
