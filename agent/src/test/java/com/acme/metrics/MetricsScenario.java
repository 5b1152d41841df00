package com.acme.metrics;

import com.acme.scenarios.Agent;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A HikariCP + H2 application driven line by line from stdin, so a test can scrape its metrics
 * while it works and at quiet moments. Every command answers one line {@code REPLY <command> ...}.
 * Returns from main on "quit" (or end of input) without System.exit: the JVM must then end by itself.
 */
public final class MetricsScenario {

    private static volatile boolean busy;

    public static void main(String[] args) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:h2:mem:metrics;DB_CLOSE_DELAY=-1");
        cfg.setMaximumPoolSize(12);
        cfg.setMinimumIdle(12);
        cfg.setConnectionTimeout(5000);
        HikariDataSource ds = new HikariDataSource(cfg);
        OrderDao orders = new OrderDao(ds);
        ReportDao reports = new ReportDao(ds);
        LeakyDao leaky = new LeakyDao(ds);
        List<Connection> held = new ArrayList<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ds.getHikariPoolMXBean() == null || ds.getHikariPoolMXBean().getTotalConnections() < 12) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool did not fill");
            }
            Thread.sleep(20);
        }
        Thread worker = null;
        reply("ready", "");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ");
            switch (cmd[0]) {
                case "work":
                    for (int i = 0; i < Integer.parseInt(cmd[1]); i++) {
                        orders.load();
                    }
                    reply("work", "");
                    break;
                case "hold":
                    for (int i = 0; i < Integer.parseInt(cmd[1]); i++) {
                        reports.openInto(held);
                    }
                    reply("hold", Integer.toString(held.size()));
                    break;
                case "leak":
                    long before = applicationLeaked();
                    int n = Integer.parseInt(cmd[1]);
                    for (int i = 0; i < n; i++) {
                        leaky.leak();
                    }
                    reply("leak", Long.toString(awaitLeaked(before + n) - before));
                    break;
                case "busy":
                    if (cmd[1].equals("on") && worker == null) {
                        busy = true;
                        worker = new Thread(() -> {
                            try {
                                while (busy) {
                                    orders.load();
                                }
                            } catch (Exception e) {
                                e.printStackTrace();
                            }
                        }, "busy-worker");
                        worker.start();
                    } else if (cmd[1].equals("off") && worker != null) {
                        busy = false;
                        worker.join(10_000);
                        worker = null;
                    }
                    reply("busy", cmd[1]);
                    break;
                case "snapshot":
                    reply("snapshot", snapshotJson());
                    break;
                case "listening":
                    reply("listening", Integer.toString(listeningTcpSockets()));
                    break;
                case "threads":
                    reply("threads", agentHttpThreads());
                    break;
                case "active":
                    reply("active", String.valueOf(Class.forName("io.conntrack.ConnTrack").getMethod("isActive").invoke(null)));
                    break;
                case "dumps":
                    reply("dumps", dumpFiles());
                    break;
                case "quit":
                    busy = false;
                    if (worker != null) {
                        worker.join(10_000);
                    }
                    for (Connection c : held) {
                        c.close();
                    }
                    ds.close();
                    reply("quit", "");
                    return;
                default:
                    reply("error", "unknown command " + line);
            }
        }
    }

    private static void reply(String command, String payload) {
        System.out.println("REPLY " + command + " " + payload);
        System.out.flush();
    }

    static String snapshotJson() throws ReflectiveOperationException {
        return (String) Class.forName("io.conntrack.ConnTrack").getMethod("snapshotJson").invoke(null);
    }

    private static long applicationLeaked() throws ReflectiveOperationException {
        return Agent.snapshot().get("totals").get("application").get("leaked").asLong();
    }

    /** Collects garbage until the agent has counted {@code expected} leaks in all, at most 20 s. */
    private static long awaitLeaked(long expected) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long seen = applicationLeaked();
        while (seen < expected && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
            seen = applicationLeaked();
        }
        return seen;
    }

    /** TCP sockets in LISTEN state that this process owns (Linux /proc). */
    static int listeningTcpSockets() throws IOException {
        Set<String> listening = new HashSet<>();
        for (String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
            Path p = Paths.get(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A")) {
                    listening.add(f[9]);
                }
            }
        }
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && listening.contains(target.substring(8, target.length() - 1))) {
                        n++;
                    }
                } catch (IOException e) {
                    // the descriptor closed meanwhile
                }
            }
        }
        return n;
    }

    private static String agentHttpThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("conntrack-metrics") || t.getName().equals("HTTP-Dispatcher")) {
                names.add(t.getName() + (t.isDaemon() ? ":daemon" : ":user"));
            }
        }
        return String.join(",", names);
    }

    /** Names of the JSON dump files in ./conntrack, comma-separated and sorted. */
    private static String dumpFiles() throws IOException {
        Path dir = Paths.get("conntrack");
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "conntrack-*.json")) {
                for (Path p : s) {
                    names.add(p.getFileName().toString());
                }
            }
        }
        return String.join(",", names);
    }
}
