package io.conntrack.reporting;

import io.conntrack.text.Printable;
import io.conntrack.timeline.TimelineSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * The text dump's "Timeline" section: per pool a small chart in characters of the flight recorder's
 * samples (in use and lost against the pool's max, the triggers and failed acquisitions below it).
 */
final class TimelineText {

    static final int WIDTH = 60;
    private static final int[] STEPS = {1, 2, 5, 10, 15, 30, 60};

    private TimelineText() {
    }

    static void render(StringBuilder b, TimelineSnapshot t) {
        for (TimelineSnapshot.PoolSeries p : t.pools) {
            if (p.size() > 0) {
                chart(b, p, t.triggers);
            }
        }
    }

    static void chart(StringBuilder b, TimelineSnapshot.PoolSeries p, List<TimelineSnapshot.TriggerMark> triggers) {
        int n = p.size();
        long first = p.timeMillis[0];
        long spanSeconds = (p.timeMillis[n - 1] - first) / 1000 + 1;
        int step = STEPS[STEPS.length - 1];
        for (int s : STEPS) {
            if (spanSeconds <= (long) s * WIDTH) {
                step = s;
                break;
            }
        }
        int cols = (int) Math.max(1, Math.min(WIDTH, (spanSeconds + step - 1) / step));
        long[] used = new long[cols];
        long[] lost = new long[cols];
        boolean[] failed = new boolean[cols];
        boolean[] triggered = new boolean[cols];
        java.util.Arrays.fill(used, -1);
        long max = -1;
        long top = 1;
        for (int i = 0; i < n; i++) {
            int c = column(p.timeMillis[i], first, step, cols);
            long u = p.inUse[i] + p.lost[i];
            used[c] = Math.max(used[c], u);
            lost[c] = Math.max(lost[c], p.lost[i]);
            max = Math.max(max, p.max[i]);
            top = Math.max(top, Math.max(u, p.max[i]));
            if (i > 0 && p.failed[i] > p.failed[i - 1] || i == 0 && p.firstFailureMillis >= 0 && p.firstFailureMillis <= p.timeMillis[0] + 1000) {
                failed[c] = true;
            }
        }
        long end = p.timeMillis[n - 1] + 1000;
        for (TimelineSnapshot.TriggerMark m : triggers) {
            if (m.atMillis >= first && m.atMillis < end) {
                triggered[column(m.atMillis, first, step, cols)] = true;
            }
        }
        int rows = (int) Math.min(top, 8);
        int maxRow = max > 0 ? rows - height(max, top, rows) : -1;
        b.append('\n').append("Timeline of pool '").append(Printable.escape(p.name)).append("' (").append(n).append(" samples, ")
                .append(clock(first)).append(" to ").append(clock(p.timeMillis[n - 1])).append(", 1 column = ").append(step)
                .append("s; # in use, x lost, - max, ^ trigger, ! failed acquisitions):\n");
        for (int r = 0; r < rows; r++) {
            b.append(r == 0 ? pad(top) : "      ").append('|');
            for (int c = 0; c < cols; c++) {
                boolean inUse = used[c] >= 0 && height(used[c], top, rows) >= rows - r;
                boolean isLost = used[c] >= 0 && height(lost[c], top, rows) >= rows - r;
                b.append(isLost ? 'x' : inUse ? '#' : r == maxRow ? '-' : ' ');
            }
            b.append('\n');
        }
        b.append(pad(0)).append('+');
        for (int c = 0; c < cols; c++) {
            b.append('-');
        }
        b.append("\n       ");
        for (int c = 0; c < cols; c++) {
            b.append(triggered[c] && failed[c] ? '*' : triggered[c] ? '^' : failed[c] ? '!' : ' ');
        }
        b.append('\n');
        for (int k = 0; k < p.siteNames.length; k++) {
            if (p.siteNames[k] != null) {
                long[] leaked = p.siteLeaked[k];
                long[] open = p.siteOpen[k];
                long firstLeaked = -1;
                long lastLeaked = -1;
                long lastOpen = -1;
                for (int i = 0; i < n; i++) {
                    if (leaked[i] >= 0) {
                        firstLeaked = firstLeaked < 0 ? leaked[i] : firstLeaked;
                        lastLeaked = leaked[i];
                        lastOpen = open[i];
                    }
                }
                b.append("   callsite ").append(Printable.escape(p.siteNames[k])).append(": leaked ").append(firstLeaked)
                        .append(" -> ").append(lastLeaked).append(", open now ").append(lastOpen).append('\n');
            }
        }
    }

    private static int column(long timeMillis, long first, int step, int cols) {
        return (int) Math.max(0, Math.min(cols - 1, (timeMillis - first) / 1000 / step));
    }

    private static int height(long value, long top, int rows) {
        return (int) Math.round((double) value * rows / top);
    }

    private static String pad(long v) {
        String s = Long.toString(v);
        return "      ".substring(Math.min(6, s.length() + 1)) + s + " ";
    }

    static String clock(long epochMillis) {
        String s = Instant.ofEpochMilli(epochMillis).toString();
        return s.length() >= 19 ? s.substring(11, 19) + "Z" : s;
    }
}
