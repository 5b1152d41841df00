package io.conntrack.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;

/**
 * Benchmark 6 (run as a whole child process by {@link BenchRunner}): start, load H2 and HikariCP,
 * open and close one pooled connection, exit. With {@code print} it also prints the agent's class counters.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (HikariDataSource pool = HikariPool.open("startup", 1)) {
            Connection c = pool.getConnection();
            c.close();
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) { // CPU time: less sensitive than wall time to a loaded machine
            System.out.println("RESULT cpuNanos=" + ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime());
        }
        if (args.length > 0 && args[0].equals("print")) {
            String json = AgentProbe.snapshotJson();
            if (json != null) {
                for (String counter : new String[] {"classesSeen", "classesMatched", "classesTransformed"}) {
                    System.out.println("RESULT " + counter + "=" + AgentProbe.field(json, "agent", counter));
                }
                System.out.println("RESULT acquired=" + AgentProbe.field(json, "application", "acquired"));
            }
        }
    }
}
