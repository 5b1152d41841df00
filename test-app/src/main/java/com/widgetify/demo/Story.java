package com.widgetify.demo;

import com.widgetify.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a demo run the way an operator would want to read it. */
final class Story {

    private static final int WARNINGS_SHOWN = 6;
    private static final int CALLSITES_SHOWN = 4;
    private static final int HOLDER_FRAMES_SHOWN = 6;

    private final DemoResult r;
    private final PrintStream out;

    Story(DemoResult result, PrintStream out) {
        this.r = result;
        this.out = out;
    }

    void print() {
        section("What the clients saw");
        for (String line : r.load.lines()) {
            out.println("  " + line);
        }
        timeline();
        if (r.options.withAgent()) {
            DumpFile first = r.firstDump();
            if (first != null) {
                dump("First dump", first);
            }
            if (r.quiescentDump != null) {
                dump("Last dump, asked for after the load stopped (POST /admin/dump)", r.quiescentDump);
            }
            findings();
            advice();
        }
        health();
        if (r.options.withAgent()) {
            section("Dump files (" + r.dumps.size() + ", each with a .txt twin)");
            for (DumpFile d : r.dumps) {
                out.printf(Locale.ROOT, "  %7s  %-14s %s%n", at(d.time.toEpochMilli()), d.triggerType, d.path);
            }
        }
        if (r.reportPage != null) {
            section("The incident, drawn (java -jar conntrack-agent.jar report " + r.options.dumpDir() + ")");
            out.println("  page:  " + r.reportPage.toUri() + "  (the pool over time, the culprit lines, the postmortem draft)");
            out.println("  draft: " + r.reportDraft + "  (the postmortem draft in Markdown)");
        }
    }

    private void timeline() {
        section("Timeline, from the start of the load");
        List<LogLine> warnings = r.warnings();
        long firstWarning = warnings.isEmpty() ? -1 : warnings.get(0).atMillis;
        long first503 = r.load.firstUnavailableAtMillis;
        int shown = 0;
        boolean printed503 = false;
        for (LogLine w : warnings) {
            if (!printed503 && first503 >= 0 && first503 < w.atMillis) {
                out.printf(Locale.ROOT, "  %7s  FIRST 503 (%s)%n", at(first503), r.load.firstUnavailableEndpoint);
                printed503 = true;
            }
            if (shown++ < WARNINGS_SHOWN) {
                out.printf(Locale.ROOT, "  %7s  %s%n", at(w.atMillis), abbreviate(w.text));
            }
        }
        if (shown > WARNINGS_SHOWN) {
            out.printf(Locale.ROOT, "           ... %d more ConnTrack warnings%n", shown - WARNINGS_SHOWN);
        }
        if (!printed503 && first503 >= 0) {
            out.printf(Locale.ROOT, "  %7s  FIRST 503 (%s)%n", at(first503), r.load.firstUnavailableEndpoint);
        }
        if (!r.options.withAgent()) {
            out.println("  No ConnTrack warning: the agent is not loaded. The first sign of trouble is the 503.");
        } else if (firstWarning < 0) {
            out.println("  ConnTrack printed no warning.");
        } else if (first503 < 0) {
            out.println("  => ConnTrack warned at " + at(firstWarning) + "; there was no 503 in this run.");
        } else {
            long lead = first503 - firstWarning;
            out.printf(Locale.ROOT, "  => the first ConnTrack warning came %.1fs %s the first 503.%n", Math.abs(lead) / 1000.0,
                    lead >= 0 ? "BEFORE" : "after");
        }
        LogLine forecast = r.firstForecast();
        long forecastAt = r.firstForecastMillis();
        if (r.options.withAgent() && forecastAt < 0) {
            out.println("  => no exhaustion forecast in this run.");
        } else if (forecastAt >= 0) {
            long lead = first503 - forecastAt;
            out.printf(Locale.ROOT, "  => the first exhaustion forecast came at %s, %s%s%n", at(forecastAt),
                    first503 < 0 ? "and there was no 503" : String.format(Locale.ROOT, "%.1fs %s the first 503",
                            Math.abs(lead) / 1000.0, lead >= 0 ? "BEFORE" : "after"),
                    forecast != null && forecast.atMillis == forecastAt ? ":\n     " + abbreviate(forecast.text)
                            : " (in a dump's pools[]; the forecast warning itself waited for dumpInterval)");
        }
    }

    /** The pool's entry in the dump after the load: its own numbers, ConnTrack's, and the advice. */
    private void advice() {
        DumpFile d = r.quiescentDump;
        if (d == null || d.pools.isEmpty()) {
            return;
        }
        section("Pool advice, from the last dump");
        for (PoolRow p : d.pools) {
            out.printf(Locale.ROOT, "  pool '%s' (%s): max %d, active %d, idle %d, waiting %d; ConnTrack: in use %d, lost %d%s%n",
                    p.name, p.type, p.maxSize, p.active, p.idle, p.waiting, p.inUse, p.lost,
                    r.options.reclaims() ? ", given back " + p.reclaimed + " (reclaim=" + r.options.reclaim + ")" : "");
            if (p.forecast != null) {
                out.println("  forecast: " + p.forecast);
            }
            for (String a : p.advice) {
                out.println("  - " + a);
            }
            if (p.advice.isEmpty()) {
                out.println("  no advice: nothing measured calls for any");
            }
        }
    }

    private void dump(String title, DumpFile d) {
        section(title + ": " + d.triggerType + " at " + at(d.time.toEpochMilli()));
        out.println("  " + d.path);
        out.println("  trigger: " + d.triggerMessage);
        for (String s : d.suppressed) {
            out.println("  also fired since the previous triggered dump (rate-limited): " + s);
        }
        out.println("  application callsites, as the dump ranks them (leaked, over limit, held past holdThreshold, open):");
        int rank = 0;
        for (CallsiteRow c : d.callsites) {
            if (rank++ == CALLSITES_SHOWN) {
                break;
            }
            out.printf(Locale.ROOT, "   #%d %-58s open %2d  leaked %2d  acquired %4d  failed %3d  hold max %s%n", rank,
                    Frames.shortForm(c.callsite), c.open, c.leaked, c.acquired, c.failed, millis(c.holdMaxMillis));
            if (!c.oldestOpen.isEmpty()) {
                OpenConnectionRow o = c.oldestOpen.get(0);
                out.printf(Locale.ROOT, "        oldest open: held %s by \"%s\", %s%n", millis(o.ageMillis), o.thread,
                        describeHolder(o));
            }
        }
        for (CallsiteRow c : d.poolCallsites) {
            out.printf(Locale.ROOT, "  pool-owned, in the dump's own list: %s  open %d%n", Frames.shortForm(c.callsite), c.open);
        }
    }

    private void findings() {
        section("What ConnTrack points at");
        if (r.findings.isEmpty()) {
            out.println("  nothing: no callsite leaked or held a connection past holdThreshold");
        }
        for (Finding f : r.findings) {
            CallsiteRow c = f.callsite;
            out.printf(Locale.ROOT, "  %-5s %s%n", f.kind, c.callsite);
            if (f.kind == Finding.Kind.LEAK) {
                out.printf(Locale.ROOT, "        %d connection(s) garbage-collected without close()%s; %s%n", c.leaked,
                        c.open > 0 ? ", " + c.open + " more still open with no request running" : "",
                        r.options.reclaims() ? "ConnTrack gave the collected ones back to the pool (reclaim=" + r.options.reclaim
                                + "): the service stays up, the line still leaks." : "HikariCP still counts each as active, for good.");
            } else {
                out.printf(Locale.ROOT, "        closes every connection, but holds it up to %s (p99 %s, holdThreshold %s).%n",
                        millis(c.holdMaxMillis), millis(c.holdP99Millis), millis(DemoOptions.HOLD_THRESHOLD_MILLIS));
                if (f.evidence != null) {
                    out.printf(Locale.ROOT, "        in %s, \"%s\" had held one for %s and was %s at:%n",
                            f.evidenceDump.fileName(), f.evidence.thread, millis(f.evidence.ageMillis), f.evidence.holderState);
                    for (String frame : holderFrames(f.evidence.holderStack, Frames.className(c.callsite))) {
                        out.println("          " + frame);
                    }
                }
            }
        }
    }

    private void health() {
        section("After the load: GET /health");
        JsonObject h = r.healthAfter;
        JsonObject pool = h == null ? null : h.object("pool");
        if (pool == null) {
            out.println("  no answer");
            return;
        }
        out.printf(Locale.ROOT, "  %s: pool active %d, idle %d, waiting %d, of %d%n", h.string("status"),
                pool.number("active", -1), pool.number("idle", -1), pool.number("waiting", -1),
                pool.number("maximumPoolSize", -1));
        JsonObject ct = h.object("conntrack");
        JsonObject app = ct == null ? null : ct.object("application");
        if (app != null) {
            out.printf(Locale.ROOT, "  ConnTrack: application connections open %d, leaked %d, failed %d (acquired %d)%n",
                    app.number("open", 0), app.number("leaked", 0), app.number("failed", 0), app.number("acquired", 0));
        } else {
            out.printf(Locale.ROOT, "  No request is running, yet HikariCP counts %d of %d connections as active. It cannot say%n",
                    pool.number("active", -1), pool.number("maximumPoolSize", -1));
            out.println("  which code took them (its leakDetectionThreshold is off, as in most deployments).");
        }
    }

    /** Top of the stack down to the callsite's own class: what the holder is doing, and from where. */
    private static List<String> holderFrames(List<String> stack, String callsiteClass) {
        List<String> out = new ArrayList<>();
        for (String f : stack) {
            out.add(Frames.plain(f));
            if (out.size() >= HOLDER_FRAMES_SHOWN || (callsiteClass != null && callsiteClass.equals(Frames.className(f)))) {
                break;
            }
        }
        return out;
    }

    /** Where the holder thread is now, in a few words. */
    static String describeHolder(OpenConnectionRow o) {
        if (o.holderStack.isEmpty()) {
            return "now " + o.holderState;
        }
        for (String f : o.holderStack) {
            String c = Frames.className(f);
            if (c != null && !c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return "now " + o.holderState + " at " + Frames.plain(f);
            }
        }
        if (o.holderIsIn("ThreadPoolExecutor.getTask")) {
            return "its thread is now idle in its pool (the request is over, the connection is not)";
        }
        return "now " + o.holderState + " at " + Frames.plain(o.holderStack.get(0));
    }

    private void section(String title) {
        out.println();
        out.println("--- " + title + " ---");
    }

    private String at(long epochMillis) {
        return String.format(Locale.ROOT, "%+.1fs", (epochMillis - r.load.startedAtMillis) / 1000.0);
    }

    private static String millis(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.1fs", ms / 1000) : String.format(Locale.ROOT, "%.0fms", ms);
    }

    private static String abbreviate(String warning) {
        String s = warning.replace("[conntrack] WARN ", "");
        int dump = s.indexOf("; dump ");
        return dump < 0 ? s : s.substring(0, dump);
    }
}
