package io.conntrack.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pool over time as inline SVG: lost connections and ConnTrack's in use stacked against the pool's
 * max (and its own active count), failed acquisitions per sample in a strip below, the triggers and the
 * first failed acquisition marked. Each sample has a hover title. No script, no external reference.
 */
final class PoolChart {

    static final int WIDTH = 920;
    private static final int LEFT = 44;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int PLOT = 210;
    private static final int GAP = 26;
    private static final int STRIP = 46;
    private static final int AXIS = 24;
    static final int HEIGHT = TOP + PLOT + GAP + STRIP + AXIS;
    private static final long[] TICK_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200};

    private final PoolHistory pool;
    private final List<PoolHistory.Sample> samples;
    private final long t0;
    private final long t1;
    private final double yMax;
    private final StringBuilder b = new StringBuilder(16 * 1024);

    private PoolChart(PoolHistory pool, long extraFrom, long extraTo) {
        this.pool = pool;
        this.samples = pool.samples();
        PoolHistory.Sample last = samples.get(samples.size() - 1);
        long from = samples.get(0).time;
        long to = last.time + (last.coarse ? 15_000 : 1000);
        if (extraFrom > 0 && extraFrom < from && from - extraFrom < 15 * 60_000) {
            from = extraFrom;
        }
        if (extraTo > to && extraTo - to < 15 * 60_000) {
            to = extraTo;
        }
        this.t0 = from;
        this.t1 = Math.max(to, from + 10_000);
        long top = 1;
        for (PoolHistory.Sample s : samples) {
            top = Math.max(top, Math.max(s.max, Math.max(s.used(), Math.max(0, s.inUse) + Math.max(0, s.lost))));
        }
        this.yMax = top + Math.max(1, top / 10);
    }

    /** The chart of one pool; {@code firstWarning} and {@code firstFailure} (-1: none) get labelled markers. */
    static String svg(PoolHistory pool, List<DumpData.Mark> triggers, DumpData.Mark firstWarning, long firstFailure) {
        PoolChart c = new PoolChart(pool, firstWarning == null ? -1 : firstWarning.atMillis, firstFailure);
        return c.render(triggers, firstWarning, firstFailure);
    }

    private String render(List<DumpData.Mark> triggers, DumpData.Mark firstWarning, long firstFailure) {
        PoolHistory.Sample first = samples.get(0);
        PoolHistory.Sample last = samples.get(samples.size() - 1);
        b.append("<svg class=\"pool-chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Escape.html("pool " + pool.name + " over time"))
                .append("\" data-pool=\"").append(Escape.html(pool.name)).append("\" data-samples=\"").append(samples.size())
                .append("\" data-first-ms=\"").append(first.time).append("\" data-last-ms=\"").append(last.time).append("\">\n");
        grid();
        areas();
        lines();
        failures();
        markers(triggers, firstWarning, firstFailure);
        hover();
        b.append("</svg>\n");
        return b.toString();
    }

    private double x(long t) {
        return LEFT + (double) (t - t0) * (WIDTH - LEFT - RIGHT) / (t1 - t0);
    }

    private double y(double v) {
        return TOP + PLOT - v * PLOT / yMax;
    }

    private double end(int i) {
        PoolHistory.Sample s = samples.get(i);
        long next = i + 1 < samples.size() ? samples.get(i + 1).time : s.time + (s.coarse ? 15_000 : 1000);
        return x(Math.min(next, s.time + (s.coarse ? 15_000 : 2000))); // a gap stays a gap
    }

    private void grid() {
        long step = niceStep(yMax / 5);
        b.append("<g class=\"grid\">");
        for (long v = 0; v <= yMax; v += step) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT, WIDTH - RIGHT, y(v), y(v)));
            b.append(String.format(Locale.ROOT, "<text class=\"ylabel\" x=\"%d\" y=\"%.1f\">%d</text>", LEFT - 6, y(v) + 4, v));
        }
        long span = (t1 - t0) / 1000;
        long tick = TICK_SECONDS[TICK_SECONDS.length - 1];
        for (long t : TICK_SECONDS) {
            if (span / t <= 10) {
                tick = t;
                break;
            }
        }
        long firstTick = Math.floorDiv(t0, tick * 1000) * tick * 1000 + tick * 1000;
        double base = TOP + PLOT + GAP + STRIP;
        for (long t = firstTick; t < t1; t += tick * 1000) {
            b.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\"/>", x(t), x(t), TOP,
                    base));
            b.append(String.format(Locale.ROOT, "<text class=\"xlabel\" x=\"%.1f\" y=\"%.1f\">%s</text>", x(t), base + 16,
                    Times.clockSeconds(t)));
        }
        b.append(String.format(Locale.ROOT, "<text class=\"axis-title\" x=\"%d\" y=\"%d\">connections</text>", LEFT, TOP - 22));
        b.append(String.format(Locale.ROOT, "<text class=\"axis-title\" x=\"%d\" y=\"%d\">failed acquisitions per sample</text>",
                LEFT, TOP + PLOT + GAP - 6));
        b.append(String.format(Locale.ROOT, "<text class=\"axis-title utc\" x=\"%d\" y=\"%.1f\">UTC</text>", WIDTH - RIGHT, base + 16));
        b.append("</g>\n");
    }

    static long niceStep(double raw) {
        long step = 1;
        while (step < raw) {
            long s = step;
            step = s * (String.valueOf(s).charAt(0) == '2' ? 5 : 2) / (String.valueOf(s).charAt(0) == '2' ? 2 : 1);
        }
        return step;
    }

    /** Lost connections at the bottom, ConnTrack's in use stacked on them: together what the pool cannot hand out. */
    private void areas() {
        StringBuilder lost = new StringBuilder();
        StringBuilder used = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            PoolHistory.Sample s = samples.get(i);
            double l = Math.max(0, s.lost);
            double u = l + Math.max(0, s.inUse);
            double xa = x(s.time);
            double xb = end(i);
            lost.append(String.format(Locale.ROOT, "M%.1f %.1fH%.1fV%.1fH%.1fZ", xa, y(0), xb, y(l), xa));
            used.append(String.format(Locale.ROOT, "M%.1f %.1fH%.1fV%.1fH%.1fZ", xa, y(l), xb, y(u), xa));
        }
        b.append("<path class=\"area lost\" d=\"").append(lost).append("\"><title>lost: connections garbage-collected without"
                + " close(), gone from the pool for good</title></path>\n");
        b.append("<path class=\"area in-use\" d=\"").append(used).append("\"><title>in use: application"
                + " connections open (ConnTrack's count)</title></path>\n");
    }

    private void lines() {
        StringBuilder max = new StringBuilder();
        StringBuilder active = new StringBuilder();
        int maxPoints = 0;
        int activePoints = 0;
        for (int i = 0; i < samples.size(); i++) {
            PoolHistory.Sample s = samples.get(i);
            if (s.max > 0) {
                max.append(String.format(Locale.ROOT, "%s%.1f %.1fH%.1f", maxPoints++ == 0 ? "M" : "L", x(s.time), y(s.max), end(i)));
            }
            if (s.active >= 0) {
                active.append(String.format(Locale.ROOT, "%s%.1f %.1fH%.1f", activePoints++ == 0 ? "M" : "L", x(s.time), y(s.active),
                        end(i)));
            }
        }
        if (maxPoints > 0) {
            b.append("<path class=\"line max\" d=\"").append(max).append("\"><title>max: the pool's maximum size</title></path>\n");
        }
        if (activePoints > 0) {
            b.append("<path class=\"line active\" d=\"").append(active).append("\"><title>active: in use as the pool counts it"
                    + " (lost ones included)</title></path>\n");
        }
    }

    private void failures() {
        long most = 1;
        long[] delta = new long[samples.size()];
        long before = samples.get(0).failed; // failures before the first sample are not drawn in it
        for (int i = 0; i < samples.size(); i++) {
            long f = samples.get(i).failed;
            delta[i] = Math.max(0, f - before);
            before = Math.max(before, f);
            most = Math.max(most, delta[i]);
        }
        double base = TOP + PLOT + GAP + STRIP;
        b.append(String.format(Locale.ROOT, "<line class=\"strip-base\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT,
                WIDTH - RIGHT, base, base));
        b.append("<g class=\"failures\" data-most=\"").append(most).append("\">");
        for (int i = 0; i < samples.size(); i++) {
            if (delta[i] > 0) {
                double h = Math.max(2, (double) delta[i] * (STRIP - 4) / most);
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", x(samples.get(i).time),
                        base - h, Math.max(1.5, end(i) - x(samples.get(i).time) - 0.5), h));
            }
        }
        b.append(String.format(Locale.ROOT, "<text class=\"ylabel\" x=\"%d\" y=\"%.1f\">%d</text>", LEFT - 6, base - STRIP + 8, most));
        b.append("</g>\n");
    }

    private void markers(List<DumpData.Mark> triggers, DumpData.Mark firstWarning, long firstFailure) {
        double bottom = TOP + PLOT + GAP + STRIP;
        for (DumpData.Mark m : triggers) {
            if (m == firstWarning || m.atMillis < t0 || m.atMillis > t1 || !Incident.WARNING_TRIGGERS.contains(m.type)) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "<g class=\"marker trigger\" data-type=\"%s\" data-ms=\"%d\"><line x1=\"%.1f\""
                    + " x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\"/><title>%s</title></g>\n", Escape.html(m.type), m.atMillis, x(m.atMillis),
                    x(m.atMillis), TOP, bottom, Escape.html(Times.clock(m.atMillis) + " UTC: " + m.type
                            + (m.callsite != null ? " at " + m.callsite : ""))));
        }
        if (firstWarning != null) {
            label("first-warning", firstWarning.atMillis, "first warning (" + firstWarning.type + ")", TOP - 8, bottom,
                    Times.clock(firstWarning.atMillis) + " UTC: first ConnTrack warning, " + firstWarning.type
                            + (firstWarning.callsite != null ? " at " + firstWarning.callsite : ""));
        }
        if (firstFailure > 0) {
            label("first-failure", firstFailure, "first failed acquisition", TOP + 8, bottom,
                    Times.clock(firstFailure) + " UTC: the first getConnection() that threw");
        }
    }

    private void label(String kind, long at, String text, double textY, double bottom, String title) {
        double xm = x(Math.max(t0, Math.min(t1, at)));
        boolean right = xm > WIDTH * 0.62;
        b.append(String.format(Locale.ROOT, "<g class=\"marker %s\" data-ms=\"%d\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\""
                + " y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text><title>%s</title></g>\n", kind, at, xm, xm,
                textY - 10, bottom, right ? xm - 4 : xm + 4, textY, right ? "end" : "start", Escape.html(text), Escape.html(title)));
    }

    /** One transparent column per sample with its numbers as a hover title. */
    private void hover() {
        b.append("<g class=\"samples\">");
        for (int i = 0; i < samples.size(); i++) {
            PoolHistory.Sample s = samples.get(i);
            StringBuilder t = new StringBuilder(Times.clock(s.time)).append(" UTC").append(s.coarse ? " (15 s)" : "").append(": in use ")
                    .append(Math.max(0, s.inUse)).append(", lost ").append(Math.max(0, s.lost));
            if (s.active >= 0) {
                t.append(", pool active ").append(s.active);
            }
            if (s.max > 0) {
                t.append(" of max ").append(s.max);
            }
            if (s.idle >= 0) {
                t.append(", idle ").append(s.idle);
            }
            if (s.waiting >= 0) {
                t.append(", waiting ").append(s.waiting);
            }
            t.append(", failed so far ").append(Math.max(0, s.failed));
            b.append(String.format(Locale.ROOT, "<rect class=\"sample\" data-ms=\"%d\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
                    + "<title>%s</title></rect>", s.time, x(s.time), TOP, Math.max(1, end(i) - x(s.time)), PLOT + GAP + STRIP,
                    Escape.html(t.toString())));
        }
        b.append("</g>\n");
    }

    /** A small chart of one callsite's open (line) and leaked (area) connections over the same span. */
    static String spark(TreeMap<Long, long[]> column, long from, long to) {
        if (column == null || column.isEmpty() || to <= from) {
            return "";
        }
        int w = 160;
        int h = 28;
        long top = 1;
        for (long[] v : column.values()) {
            top = Math.max(top, Math.max(v[0], v[1]));
        }
        StringBuilder leaked = new StringBuilder();
        StringBuilder open = new StringBuilder();
        int n = 0;
        for (Map.Entry<Long, long[]> e : column.entrySet()) {
            double x = (double) (e.getKey() - from) * w / (to - from);
            leaked.append(String.format(Locale.ROOT, "%s%.1f %.1f", n == 0 ? "M" : "L", x, h - 1 - (double) Math.max(0, e.getValue()[1])
                    * (h - 2) / top));
            open.append(String.format(Locale.ROOT, "%s%.1f %.1f", n == 0 ? "M" : "L", x, h - 1 - (double) Math.max(0, e.getValue()[0])
                    * (h - 2) / top));
            n++;
        }
        return String.format(Locale.ROOT, "<svg class=\"spark\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\""
                + " aria-label=\"leaked and open over time\"><path class=\"leaked\" d=\"%s\"/><path class=\"open\" d=\"%s\"/>"
                + "<title>leaked (red) and open (blue) over the chart's span, most %d</title></svg>", w, h, w, h, leaked, open, top);
    }
}
