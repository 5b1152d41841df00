package io.conntrack.reporting;

import io.conntrack.pools.PoolState;
import io.conntrack.pools.ReclaimView;
import io.conntrack.text.Printable;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.Totals;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link Dump} for people, laid out like a thread dump. Same content as the JSON. Names from
 * the application (threads, frames, callsites, the messages that quote them) are escaped with
 * {@link Printable}: one of them never spans or rewrites a line.
 */
public final class DumpText {

    private DumpText() {
    }

    public static String render(Dump d) {
        StringBuilder b = new StringBuilder(4096);
        b.append("ConnTrack dump ").append(Instant.ofEpochMilli(d.timeMillis)).append("  pid ").append(d.pid)
                .append(" on ").append(Printable.escape(d.host)).append("  (").append(Dump.FORMAT).append(")\n");
        b.append("JVM: ").append(Printable.escape(d.jvm)).append(", up ").append(duration(d.uptimeMillis)).append('\n');
        b.append("Trigger: ").append(d.trigger.type.id).append(": ").append(Printable.escape(d.trigger.message)).append('\n');
        for (Dump.Suppressed s : d.suppressed) {
            b.append("Suppressed since the last triggered dump: ").append(s.count).append(" x ").append(s.type)
                    .append(" (last: ").append(Printable.escape(s.lastMessage)).append(")\n");
        }
        totals(b, "Application connections", d.snapshot.application);
        totals(b, "Pool-owned connections  ", d.snapshot.pool);
        pools(b, d.pools);
        TimelineText.render(b, d.timeline);
        b.append('\n').append("Application callsites, ranked by leaked, then over limit, then held past holdThreshold, then open (")
                .append(d.ranking.application.size()).append(d.ranking.application.size() == 1 ? " callsite" : " callsites").append("):\n");
        if (d.ranking.application.isEmpty()) {
            b.append("\n   none\n");
        }
        Set<String> printed = new HashSet<>();
        int rank = 0;
        java.util.Map<String, Long> reclaimed = d.reclaimedByCallsite();
        for (CallsiteSnapshot c : d.ranking.application) {
            callsite(b, "#" + ++rank, c);
            if (reclaimed.getOrDefault(c.callsite, 0L) > 0) {
                b.append("   reclaimed ").append(reclaimed.get(c.callsite))
                        .append(" (ConnTrack gave them back to their pool; the line still leaks)\n");
            }
            if (d.ranking.overLimit(c) || d.ranking.heldTooLong(c)) {
                b.append("   ").append(d.ranking.overLimit(c) ? "over limit " + d.ranking.limit() : "")
                        .append(d.ranking.overLimit(c) && d.ranking.heldTooLong(c) ? "; " : "")
                        .append(d.ranking.heldTooLong(c) ? "holds a connection longer than holdThreshold" : "").append('\n');
            }
            if (c.blame != null) {
                b.append("   ").append(Printable.escape(c.blame.describe())).append('\n');
            }
            List<Dump.RecentLeak> leaks = d.recentLeaksByCallsite.get(c.callsite);
            if (leaks != null) {
                b.append("   recently garbage-collected without close():\n");
                for (Dump.RecentLeak l : leaks) {
                    b.append("   - acquired ").append(Instant.ofEpochMilli(l.leak.acquiredAtMillis)).append(" by \"")
                            .append(Printable.escape(l.leak.threadName)).append("\" #").append(l.leak.threadId)
                            .append(", found leaked ").append(duration(l.leak.foundAtMillis - l.leak.acquiredAtMillis)).append(" later\n");
                    stack(b, d, "acquired at", l.acquireStackId, printed);
                }
            }
            List<Dump.OpenConnection> oldest = d.oldestByCallsite.get(c.callsite);
            if (oldest == null) {
                continue;
            }
            b.append("   oldest open connections:\n");
            for (Dump.OpenConnection o : oldest) {
                b.append("   - held ").append(duration(o.ageMillis)).append(" (since ").append(Instant.ofEpochMilli(o.acquiredAtMillis))
                        .append(") by \"").append(Printable.escape(o.threadName)).append("\" #").append(o.threadId)
                        .append(", now ").append(Printable.escape(o.holderState)).append('\n');
                stack(b, d, "holder is now at", o.holderStackId, printed);
                stack(b, d, "acquired at", o.acquireStackId, printed);
            }
        }
        if (!d.ranking.pool.isEmpty()) {
            b.append('\n').append("Pool-owned callsites (connections pools opened for themselves; not the application's):\n");
            rank = 0;
            for (CallsiteSnapshot c : d.ranking.pool) {
                callsite(b, "#P" + ++rank, c);
            }
        }
        return b.toString();
    }

    /** The "Pools" section: each pool's own numbers (- where it does not tell), ConnTrack's, the forecast, the advice. */
    static void pools(StringBuilder b, List<PoolState> pools) {
        if (pools.isEmpty()) {
            return;
        }
        b.append('\n').append("Pools (their own numbers, - where a pool does not tell; then ConnTrack's):\n");
        for (PoolState p : pools) {
            b.append("  pool '").append(Printable.escape(p.name)).append("' (").append(p.type).append(", ")
                    .append(Printable.escape(p.className)).append("): max ").append(n(p.maxSize)).append(", active ")
                    .append(n(p.active)).append(", idle ").append(n(p.idle)).append(", waiting ").append(n(p.waiting));
            if (p.connectionTimeoutMillis >= 0) {
                b.append(", connectionTimeout ").append(duration(p.connectionTimeoutMillis));
            }
            if (p.leakDetectionThresholdMillis > 0) {
                b.append(", leakDetectionThreshold ").append(duration(p.leakDetectionThresholdMillis));
            }
            b.append("; in use ").append(p.inUse).append(", lost ").append(p.lost);
            if (p.lostRecently > 0) {
                b.append(String.format(Locale.ROOT, " (%d %s, %.1f/min)", p.lostRecently, p.lossHistory(", an early estimate"),
                        p.lossRatePerMinute));
            }
            b.append(", peak in use ").append(p.peakInUse).append('\n');
            if (p.readError != null) {
                b.append("    (pool's own numbers: ").append(Printable.escape(p.readError)).append(")\n");
            }
            if (p.reclaimed() > 0 || p.reclaimOff != null) {
                b.append("    reclaim=").append(p.reclaimMode).append(": ").append(p.reclaimed()).append(" given back (lost ")
                        .append(p.reclaimedLost).append(", abandoned ").append(p.reclaimedAbandoned).append(")");
                for (java.util.Map.Entry<String, Long> e : p.reclaimedBySite) {
                    b.append("; ").append(e.getValue()).append(" at ").append(Printable.escape(e.getKey()));
                }
                if (p.reclaimOff != null) {
                    b.append("; not reclaiming from this pool: ").append(Printable.escape(p.reclaimOff));
                }
                b.append('\n');
            }
            for (ReclaimView.Abandoned a : p.abandoned) {
                b.append("    abandoned now: ").append(a.held).append(" held with their acquiring method finished at ")
                        .append(Printable.escape(a.callsite)).append(" (oldest ").append(duration(Math.round(a.oldestSeconds * 1000)))
                        .append(")\n");
            }
            if (p.forecast != null) {
                b.append("    forecast: ").append(Printable.escape(p.forecast)).append('\n');
            }
            if (p.demand >= 0) {
                b.append(String.format(Locale.ROOT, "    demand (Little's law): %.1f connections (%.1f acquisitions/s x mean hold %s), peak %.1f%n",
                        p.demand, p.acquisitionsPerSecond, duration(Math.round(p.meanHoldSeconds * 1000)), p.demandPeak));
            }
            for (String a : p.advice) {
                b.append("    advice: ").append(Printable.escape(a)).append('\n');
            }
        }
    }

    private static String n(long v) {
        return v >= 0 ? Long.toString(v) : "-";
    }

    private static void callsite(StringBuilder b, String rank, CallsiteSnapshot c) {
        b.append(String.format(Locale.ROOT, "%n%s %s%n", rank, Printable.escape(c.callsite)));
        String hold = c.closed == 0 ? "hold -" // none closed: no hold to tell
                : "hold p50 " + nanos(c.holdP50Nanos) + " p99 " + nanos(c.holdP99Nanos) + " max " + nanos(c.holdMaxNanos);
        b.append(String.format(Locale.ROOT,
                "   open %d  peak %d  acquired %d  closed %d  leaked %d  failed %d  %s  acquire wait max %s%n",
                c.open, c.peak, c.acquired, c.closed, c.leaked, c.failed, hold, nanos(c.acquireWaitMaxNanos)));
    }

    private static void stack(StringBuilder b, Dump d, String title, String id, Set<String> printed) {
        if (id == null) {
            if (title.startsWith("acquired")) {
                b.append("       acquired at: (stack not captured; see the stacks option)\n");
            }
            return;
        }
        if (!printed.add(id)) {
            b.append("       ").append(title).append(": same stack as ").append(id).append(" above\n");
            return;
        }
        b.append("       ").append(title).append(" [").append(id).append("]:\n");
        for (String frame : d.stacks.get(id)) {
            b.append("         at ").append(Printable.escape(frame)).append('\n');
        }
    }

    private static void totals(StringBuilder b, String title, Totals t) {
        b.append(title).append(": open ").append(t.open).append(", peak ").append(t.peak).append(", acquired ")
                .append(t.acquired).append(", closed ").append(t.closed).append(", leaked ").append(t.leaked)
                .append(", failed ").append(t.failed).append('\n');
    }

    static String nanos(long n) {
        return n < 1_000_000 ? n / 1000 + "us" : duration(n / 1_000_000);
    }

    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        if (millis < 3_600_000) {
            return String.format(Locale.ROOT, "%dm%02ds", millis / 60_000, (millis / 1000) % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", millis / 3_600_000, (millis / 60_000) % 60);
    }
}
