package io.conntrack.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A postmortem draft of one JVM's incident, laid out as incident write-ups are: summary (start, end,
 * impact), timeline (first ConnTrack warning against the first failure), root cause (the line),
 * resolution (the advice) and prevention (the JUnit check, the alert rules). The HTML page and the
 * Markdown file render the same draft.
 */
final class Postmortem {

    /** One entry of the draft's timeline. */
    static final class Event {
        final long atMillis;
        final Prose what;

        Event(long atMillis, Prose what) {
            this.atMillis = atMillis;
            this.what = what;
        }
    }

    final String title;
    final List<Prose> summary = new ArrayList<>();
    final List<Event> timeline = new ArrayList<>();
    final List<Prose> rootCause = new ArrayList<>();
    final List<Prose> resolution = new ArrayList<>();
    final List<Prose> prevention = new ArrayList<>();

    Postmortem(Incident in) {
        DumpData.Site cause = in.rootCause();
        String pool = in.pools.isEmpty() ? null : in.pools.get(0).name;
        long failed = in.failed();
        long firstFailure = in.firstFailureMillis();
        long lastFailure = in.lastFailureMillis();
        DumpData.Mark warning = in.firstWarning();
        String where = "on " + in.host + " (pid " + in.pid + ")";
        if (failed > 0 && pool != null) {
            title = "Pool '" + pool + "' ran out of connections " + where;
        } else if (cause != null && cause.leaked > 0) {
            title = "Connections leaked at " + shortFrame(cause.callsite) + " " + where;
        } else {
            title = "Connection use " + where;
        }
        summary(in, cause, failed, firstFailure, lastFailure, warning);
        timeline(in, firstFailure, lastFailure, warning);
        rootCause(in, cause);
        resolution(in, cause);
        prevention(in, cause, warning, firstFailure);
    }

    private void summary(Incident in, DumpData.Site cause, long failed, long firstFailure, long lastFailure, DumpData.Mark warning) {
        if (failed > 0) {
            summary.add(new Prose().text("Start: " + Times.dateTime(firstFailure) + ", the first failed acquisition"
                    + (in.firstFailureSampled() ? "" : " (seen by the dump of that time; its exact time is not in the dumps)") + "."));
            if (in.failingAtTheEnd()) {
                summary.add(new Prose().text("End: not over at " + Times.dateTime(lastSample(in))
                        + ", the last sample: acquisitions were still failing."));
            } else {
                summary.add(new Prose().text("End: " + Times.dateTime(lastFailure) + ", the last failed acquisition ("
                        + Times.duration(lastFailure - firstFailure) + " after the first)."));
            }
            Prose impact = new Prose().text("Impact: " + failed + " failed acquisition" + (failed == 1 ? "" : "s")
                    + " (getConnection() threw: each caller got an error instead of a connection)");
            if (!in.pools.isEmpty()) {
                impact.text(", pool '" + in.pools.get(0).name + "'");
            }
            long lost = in.lost();
            summary.add(impact.text(lost > 0 ? "; " + lost + " connection" + (lost == 1 ? "" : "s") + " lost for good." : "."));
        } else {
            summary.add(new Prose().text("Impact: no acquisition failed in the time the dumps cover ("
                    + Times.dateTime(in.firstMillis()) + " to " + Times.dateTime(in.lastMillis()) + ")."));
        }
        if (warning != null) {
            Prose d = new Prose().text("Detection: ConnTrack warned at " + Times.dateTime(warning.atMillis) + " (" + warning.type + ")");
            if (failed > 0 && firstFailure > 0) {
                long lead = firstFailure - warning.atMillis;
                d.text(", " + Times.duration(lead) + (lead >= 0 ? " before" : " after") + " the first failure");
            }
            summary.add(d.text("."));
        }
        if (cause != null) {
            summary.add(new Prose().text("Root cause: ").code(cause.callsite).text(cause.leaked > 0
                    ? " takes connections it does not close on every path (" + cause.leaked + " leaked)."
                    : " holds connections too long."));
        }
    }

    private void timeline(Incident in, long firstFailure, long lastFailure, DumpData.Mark warning) {
        timeline.add(new Event(in.startMillis, new Prose().text("The JVM started (pid " + in.pid + ", " + in.jvm + ").")));
        long firstLoss = in.firstLossMillis();
        if (firstLoss > 0) {
            timeline.add(new Event(firstLoss, new Prose().text("First connection lost (garbage-collected without close(); the pool"
                    + " never gets it back).")));
        }
        Map<String, Integer> others = new LinkedHashMap<>();
        boolean forecastShown = false;
        for (DumpData.Mark m : in.triggers) {
            if (!Incident.WARNING_TRIGGERS.contains(m.type)) {
                continue;
            }
            boolean first = m == warning;
            boolean firstForecast = !forecastShown && m.type.equals("forecast");
            if (first || firstForecast) {
                String message = in.messageOf(m);
                Prose p = new Prose().text(first ? "First ConnTrack warning, " : "First exhaustion forecast, ").code(m.type);
                timeline.add(new Event(m.atMillis, message != null ? p.text(": " + message) : m.callsite != null
                        ? p.text(" at ").code(m.callsite) : p));
                forecastShown |= m.type.equals("forecast");
            } else {
                others.merge(m.type, 1, Integer::sum);
            }
        }
        long exhausted = in.exhaustedMillis();
        if (exhausted > 0) {
            timeline.add(new Event(exhausted, new Prose().text("The pool has no connection left to hand out (in use reached its"
                    + " maximum).")));
        }
        if (firstFailure > 0) {
            timeline.add(new Event(firstFailure, new Prose().text("First failed acquisition: impact starts.")));
        }
        if (lastFailure > 0 && lastFailure != firstFailure && !in.failingAtTheEnd()) {
            timeline.add(new Event(lastFailure, new Prose().text("Last failed acquisition seen.")));
        }
        DumpData last = in.last();
        timeline.add(new Event(last.timeMillis, new Prose().text("Last dump (" + last.triggerType + "), " + in.dumps.size()
                + " dump" + (in.dumps.size() == 1 ? "" : "s") + " in all" + (others.isEmpty() ? "" : "; further warnings: "
                + describe(others)) + ".")));
        timeline.sort((a, b) -> Long.compare(a.atMillis, b.atMillis));
    }

    private void rootCause(Incident in, DumpData.Site cause) {
        if (cause == null) {
            rootCause.add(new Prose().text("No callsite leaked or held connections past the thresholds in these dumps."));
            return;
        }
        if (cause.leaked > 0) {
            boolean mostClose = cause.closed > cause.leaked + cause.open;
            rootCause.add(new Prose().text("Connections acquired at ").code(cause.callsite).text(" are not closed on every path: "
                    + cause.leaked + " were garbage-collected without close() and " + cause.open + " were still open at the last"
                    + " dump, of " + cause.acquired + " acquired (" + cause.closed + " closed). " + (mostClose
                    ? "Most calls close theirs, so it is a path that skips close() (an early return or an exception)."
                    : cause.closed == 0 ? "None was closed: the connection is never closed there."
                    : "Fewer than half were closed: most paths from there skip close().")));
            if (cause.blameFrame != null) {
                rootCause.add(new Prose().text("The leaking path comes through ").code(cause.blameFrame).text(": "
                        + cause.blameMessage + ". That is the line to fix; the callsite is a helper shared with healthy paths."));
            }
            if (!in.pools.isEmpty()) {
                rootCause.add(new Prose().text("Each lost connection stays in use for pool '" + in.pools.get(0).name + "' for good, so"
                        + " the pool shrinks with every one until it has none left and callers time out."));
            }
        } else {
            rootCause.add(new Prose().text("Connections acquired at ").code(cause.callsite).text(" are held too long: hold p99 "
                    + Times.duration(Math.round(cause.holdP99Millis)) + ", max " + Times.duration(Math.round(cause.holdMaxMillis))
                    + (cause.overLimit ? "; more open at once than limit allows" : "") + "."));
        }
        for (DumpData.Site s : in.culprits()) {
            if (s != cause && (s.heldPastThreshold || s.leaked > 0 || s.overLimit)) {
                rootCause.add(new Prose().text("Contributing: ").code(s.callsite).text(s.leaked > 0 ? " leaked " + s.leaked
                        : " held connections up to " + Times.duration(Math.round(s.holdMaxMillis))
                        + " (hold p99 " + Times.duration(Math.round(s.holdP99Millis)) + ")").text("."));
            }
        }
    }

    private void resolution(Incident in, DumpData.Site cause) {
        if (in.lost() > 0) {
            resolution.add(new Prose().text("Mitigation: restart the JVM (pid " + in.pid + "); a lost connection comes back only"
                    + " with a new pool."));
        }
        for (String a : in.advice()) {
            resolution.add(new Prose().text("Fix, from ConnTrack's advice: " + a));
        }
        if (in.advice().isEmpty() && cause != null) {
            resolution.add(new Prose().text("Fix: close the connection taken at ").code(cause.callsite)
                    .text(" on every path (try-with-resources)."));
        }
    }

    private void prevention(Incident in, DumpData.Site cause, DumpData.Mark warning, long firstFailure) {
        Prose test = new Prose().text("A regression test with ConnTrack's JUnit 5 extension (").code("conntrack-junit")
                .text(", docs/testing.md): with the agent on the test JVM, a test that takes the path ");
        if (cause != null) {
            test.text("through ").code(cause.callsite).text(" ");
        }
        prevention.add(test.text("fails when it leaves a connection open, naming the line; keep it after the fix."));
        prevention.add(new Prose().text("Alert before the pool runs dry: ").code("ConnTrackPoolExhaustionForecast").text(" (")
                .code("conntrack_pool_exhaustion_seconds < 300").text(") and, at the first leak, ").code("ConnTrackConnectionLeak")
                .text(" (").code("increase(conntrack_callsite_leaked_total[10m]) > 0").text("), from docs/prometheus/conntrack-alerts.yml"
                        + " with the agent's metrics endpoint on (").code("metrics=9404").text("; docs/metrics.md)."));
        if (warning != null && firstFailure > warning.atMillis) {
            prevention.add(new Prose().text(String.format(Locale.ROOT, "Route ConnTrack's WARN lines (logger conntrack) to the on-call:"
                    + " here the first came %s before the first failure.", Times.duration(firstFailure - warning.atMillis))));
        }
    }

    private static long lastSample(Incident in) {
        long t = -1;
        for (PoolHistory p : in.pools) {
            List<PoolHistory.Sample> s = p.samples();
            t = Math.max(t, s.get(s.size() - 1).time);
        }
        return t > 0 ? t : in.lastMillis();
    }

    private static String describe(Map<String, Integer> counts) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue());
        }
        return b.toString();
    }

    /** {@code WidgetReportHandler.serve(WidgetReportHandler.java:31)} of a full frame. */
    static String shortFrame(String frame) {
        int paren = frame.indexOf('(');
        String head = paren < 0 ? frame : frame.substring(0, paren);
        int dot = head.lastIndexOf('.');
        int cls = dot < 0 ? -1 : head.lastIndexOf('.', dot - 1);
        return cls < 0 ? frame : frame.substring(cls + 1);
    }
}
