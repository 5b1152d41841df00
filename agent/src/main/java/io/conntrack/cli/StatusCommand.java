package io.conntrack.cli;

import io.conntrack.text.Printable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.management.AttributeList;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/** {@code status <pid>}: totals, limits and the top callsites on one screen. */
final class StatusCommand {

    /** What status and dump leave behind in the target (docs/security.md). */
    static final String CONNECTOR_NOTE = "status and dump read through the JVM's local JMX connector, which the JDK starts in that JVM on\n"
            + "first use and which stays listening (a TCP port that accepts connections from this machine only;\n"
            + "its address is readable by that JVM's user and root) until the JVM exits. The dump files\n"
            + "ConnTrack writes and metrics= need no connector (docs/security.md).\n";

    static final String HELP = "Usage: " + Main.SELF + " status <pid> [--top N]\n"
            + "\n"
            + "Shows what ConnTrack counts in JVM <pid>: application and pool totals, the limits, and the top N\n"
            + "application callsites (default 10) in the order of ConnTrack's dumps: most leaked first, then over\n"
            + "limit, then holding a connection past holdThreshold, then by open connections. Pool-owned callsites\n"
            + "(connections a pool opened for itself) follow in their own list. Changes no setting.\n"
            + CONNECTOR_NOTE
            + Exit.HELP;

    private static final String[] ATTRIBUTES = {
        "Version", "Active", "ApplicationOpen", "ApplicationPeak", "ApplicationAcquired", "ApplicationClosed",
        "ApplicationLeaked", "ApplicationFailed", "PoolOpen", "PoolAcquired", "CallsiteCount", "Limit", "TotalLimit",
        "HoldThresholdMillis", "DumpDirectory",
    };

    private StatusCommand() {
    }

    static int run(Args args, PrintStream out) throws CliException {
        if (args.positional.size() != 1) {
            throw new CliException(Exit.USAGE, "status needs one pid (see status --help)");
        }
        long pid = Args.pid("status", args.positional.get(0));
        int top = top(args.options.get("--top"));
        try (TargetJvm target = TargetJvm.attach(pid); AgentClient agent = AgentClient.connect(target)) {
            AttributeList a = agent.attributes(ATTRIBUTES);
            List<CompositeData> sites = ranked(agent.callsites());
            List<CompositeData> application = new ArrayList<>();
            List<CompositeData> pool = new ArrayList<>();
            for (CompositeData c : sites) {
                (Boolean.TRUE.equals(c.get("poolOwned")) ? pool : application).add(c);
            }
            out.println("ConnTrack " + v(a, "Version") + " in " + pid + " (" + target.displayName + ")"
                    + (Boolean.TRUE.equals(AgentClient.value(a, "Active")) ? "" : ": TRACKING IS OFF after an internal error"));
            long total = num(a, "TotalLimit");
            out.println("limit " + v(a, "Limit") + " per callsite, totalLimit " + (total > 0 ? String.valueOf(total) : "off")
                    + ", holdThreshold " + millis(num(a, "HoldThresholdMillis")) + ", dumps in " + v(a, "DumpDirectory"));
            out.println();
            out.printf("%-12s %8s %8s %10s %10s %8s %8s%n", "", "open", "peak", "acquired", "closed", "leaked", "failed");
            out.printf("%-12s %8d %8d %10d %10d %8d %8d%n", "application", num(a, "ApplicationOpen"),
                    num(a, "ApplicationPeak"), num(a, "ApplicationAcquired"), num(a, "ApplicationClosed"),
                    num(a, "ApplicationLeaked"), num(a, "ApplicationFailed"));
            out.printf("%-12s %8d %8s %10d%n", "pool-owned", num(a, "PoolOpen"), "", num(a, "PoolAcquired"));
            pools(out, agent.pools());
            out.println();
            out.println("Application callsites (" + Math.min(top, application.size()) + " of " + application.size()
                    + ", as dumps rank them: leaked, over limit, held past holdThreshold, then open):");
            table(out, application, top);
            if (!pool.isEmpty()) {
                out.println();
                out.println("Pool-owned callsites (" + Math.min(top, pool.size()) + " of " + pool.size()
                        + ", connections pools opened for themselves):");
                table(out, pool, top);
            }
            return Exit.OK;
        }
    }

    /** Each pool: its own numbers (- where it does not tell), ConnTrack's, the forecast and the advice. */
    static void pools(PrintStream out, TabularData pools) {
        if (pools == null || pools.isEmpty()) {
            return;
        }
        List<CompositeData> rows = new ArrayList<>();
        for (Object o : pools.values()) {
            rows.add((CompositeData) o);
        }
        rows.sort(Comparator.comparing((CompositeData c) -> (String) c.get("name")));
        out.println();
        out.println("Pools (their own numbers, - where a pool does not tell; in use and lost as ConnTrack counts them):");
        out.printf("%6s %6s %6s %7s %6s %6s %9s  %s%n", "max", "active", "idle", "waiting", "in use", "lost", "reclaimed", "pool");
        for (CompositeData c : rows) {
            out.printf("%6s %6s %6s %7s %6d %6d %9s  %s (%s)%n", known(c.get("maxSize")), known(c.get("active")), known(c.get("idle")),
                    known(c.get("waiting")), (Long) c.get("inUse"), (Long) c.get("lost"),
                    c.getCompositeType().containsKey("reclaimed") ? c.get("reclaimed").toString() : "-", Printable.escape(c.get("name")),
                    Printable.escape(c.get("type")));
            String forecast = (String) c.get("forecast");
            if (forecast != null && !forecast.isEmpty()) {
                out.println("    forecast: " + Printable.escape(forecast));
            }
            for (String a : (String[]) c.get("advice")) {
                out.println("    advice: " + Printable.escape(a));
            }
        }
    }

    private static String known(Object n) {
        return n instanceof Long && (Long) n >= 0 ? n.toString() : "-";
    }

    private static void table(PrintStream out, List<CompositeData> rows, int top) {
        out.printf("%6s %6s %9s %7s %7s %9s  %s%n", "open", "peak", "acquired", "leaked", "failed", "hold p99", "callsite");
        for (CompositeData c : rows.subList(0, Math.min(top, rows.size()))) {
            out.printf("%6d %6d %9d %7d %7d %9s  %s%s%s%n", (Long) c.get("open"), (Long) c.get("peak"),
                    (Long) c.get("acquired"), (Long) c.get("leaked"), (Long) c.get("failed"),
                    (Long) c.get("closed") == 0 ? "-" : millis((Double) c.get("holdP99Millis")), Printable.escape(c.get("callsite")),
                    flag(c, "overLimit") ? "  [over limit]" : "", flag(c, "heldPastThreshold") ? "  [held past holdThreshold]" : "");
        }
    }

    private static boolean flag(CompositeData c, String item) {
        return c.getCompositeType().containsKey(item) && Boolean.TRUE.equals(c.get(item));
    }

    /**
     * The rows in the agent's own ranking (their {@code rank}, the order of its dumps). An agent of the
     * same interface version without {@code rank}: most leaked first, then most open.
     */
    static List<CompositeData> ranked(TabularData table) {
        List<CompositeData> rows = new ArrayList<>();
        for (Object o : table.values()) {
            rows.add((CompositeData) o);
        }
        if (!rows.isEmpty() && rows.get(0).getCompositeType().containsKey("rank")) {
            rows.sort(Comparator.comparingInt((CompositeData c) -> (Integer) c.get("rank")));
        } else {
            rows.sort(Comparator.comparingLong((CompositeData c) -> (Long) c.get("leaked")).reversed()
                    .thenComparing(Comparator.comparingLong((CompositeData c) -> (Long) c.get("open")).reversed())
                    .thenComparing(c -> (String) c.get("callsite")));
        }
        return rows;
    }

    private static int top(String s) throws CliException {
        if (s == null) {
            return 10;
        }
        try {
            int n = Integer.parseInt(s);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // explained below
        }
        throw new CliException(Exit.USAGE, "status: --top needs a positive number, not '" + s + "'");
    }

    /** An attribute as text, escaped: names and paths come from the target. */
    private static String v(AttributeList a, String name) {
        return Printable.escape(AgentClient.value(a, name));
    }

    private static long num(AttributeList a, String name) {
        Object o = AgentClient.value(a, name);
        return o instanceof Number ? ((Number) o).longValue() : -1;
    }

    static String millis(double ms) {
        if (ms >= 60_000 && ms % 60_000 == 0) {
            return (long) (ms / 60_000) + "m";
        }
        if (ms >= 1000) {
            return String.format("%.1fs", ms / 1000).replace(".0s", "s");
        }
        return ms >= 10 || ms == 0 ? String.format("%.0fms", ms) : String.format("%.2fms", ms);
    }
}
