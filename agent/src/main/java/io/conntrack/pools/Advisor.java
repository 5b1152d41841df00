package io.conntrack.pools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Advice about one pool, each item with the measurements behind it and the line it concerns. An item
 * is given only when its evidence is there: a leak when connections were lost, a hog when holders were
 * seen waiting outside JDBC, sizing when demand or use was measured.
 */
public final class Advisor {

    /** Holds at least this long (p99) make a callsite a hog candidate. */
    static final long HOG_MIN_NANOS = 1_000_000_000L;
    /** Demand (Little's law) at its peak above this share of the maximum: the pool is close to too small. */
    static final double DEMAND_HIGH = 0.8;
    /** A pool never used above this share of its maximum is larger than it needs to be... */
    static final double USE_LOW = 0.2;
    /** ...once it has been watched this long with this many acquisitions. */
    static final double UNDERUSED_MIN_SECONDS = 600;
    static final long UNDERUSED_MIN_ACQUISITIONS = 1000;

    private Advisor() {
    }

    /** What the advisor knows about one callsite of the pool. */
    public static final class Site {
        final String frame;
        final long lost;
        final long closed;
        final long holdP99Nanos;
        /** Where its holders were seen waiting outside JDBC most often, how often, out of how many looks; null if never. */
        final String waitFrame;
        final int waitCount;
        final int looks;
        /** How its leaked connections' paths differ from its closed ones' ({@code Blame.describe()}), or null. */
        String via;

        public Site(String frame, long lost, long closed, long holdP99Nanos, String waitFrame, int waitCount, int looks) {
            this.frame = frame;
            this.lost = lost;
            this.closed = closed;
            this.holdP99Nanos = holdP99Nanos;
            this.waitFrame = waitFrame;
            this.waitCount = waitCount;
            this.looks = looks;
        }

        /** Says which caller its leaks came through. */
        public Site via(String blame) {
            this.via = blame;
            return this;
        }
    }

    /**
     * @param s the pool's state with its forecast filled in
     * @param sites the callsites that acquire from it
     * @param watchedSeconds how long ConnTrack has seen the pool
     * @param acquisitions acquisitions from the pool so far
     */
    public static List<String> advise(PoolState s, List<Site> sites, double watchedSeconds, long acquisitions) {
        List<String> out = new ArrayList<>();
        String pool = "pool '" + s.name + "'";
        long used = s.usedByPool();
        double rate = s.lossRatePerMinute / 60;
        java.util.Map<String, Long> reclaimed = new java.util.HashMap<>();
        for (java.util.Map.Entry<String, Long> r : s.reclaimedBySite) {
            reclaimed.merge(r.getKey(), r.getValue(), Long::sum);
        }
        for (Site c : sites) {
            if (c.lost <= 0) {
                continue;
            }
            long givenBack = Math.min(c.lost, reclaimed.getOrDefault(c.frame, 0L));
            StringBuilder b = new StringBuilder("leak at ").append(c.frame)
                    .append(c.via != null ? " (" + c.via + ")" : "").append(": ").append(c.lost)
                    .append(" connection(s) from ").append(pool).append(" garbage-collected without close()");
            if (givenBack >= c.lost) {
                b.append("; ConnTrack gave ").append(c.lost == 1 ? "it" : "all " + c.lost).append(" back (reclaim=")
                        .append(s.reclaimMode).append("): the pool keeps going, the line is still wrong");
                out.add(b.append(". Close the connection on every path (try-with-resources).").toString());
                continue;
            }
            b.append(givenBack > 0 ? ", " + (c.lost - givenBack) + " lost for good (ConnTrack gave " + givenBack + " back)" : ", lost for good");
            if (s.maxSize > 0) {
                b.append("; headroom ").append(Math.max(0, s.maxSize - used)).append(" of max ").append(s.maxSize).append(" left");
            }
            if (rate > 0 && s.maxSize > 0) {
                b.append("; at the measured rate (").append(perMinute(s.lossRatePerMinute)).append(' ')
                        .append(s.lossHistory(": an early estimate")).append(") ")
                        .append(s.exhaustionSeconds <= 0 ? "it is exhausted now"
                                : "it is exhausted in ~" + Forecast.seconds(s.exhaustionSeconds))
                        .append(", and a bigger pool only delays that: ").append(s.maxSize).append(" more connections buy ~")
                        .append(Forecast.seconds(Forecast.delayBought(s.maxSize, rate)));
            } else {
                b.append("; a bigger pool only delays the outage: lost connections never come back until a restart");
            }
            out.add(b.append(". Close the connection on every path (try-with-resources).").toString());
        }
        java.util.Set<String> named = new java.util.HashSet<>();
        for (ReclaimView.Abandoned a : s.abandoned) {
            named.add(a.callsite);
            StringBuilder b = new StringBuilder("abandoned at ").append(a.callsite).append(": ").append(a.held)
                    .append(s.maxSize > 0 ? " of max " + s.maxSize : "").append(" held with their acquiring method finished (oldest ")
                    .append(millis(a.oldestSeconds)).append(")");
            long back = reclaimed.getOrDefault(a.callsite, 0L);
            if (back > 0) {
                b.append("; ConnTrack gave back ").append(back).append(" connection(s) acquired there so far (reclaim=").append(s.reclaimMode).append(")");
            }
            out.add(b.append(": connections parked in a field or handed to other code outlive the request that took them;"
                    + " close each one in the method that acquires it (try-with-resources)").toString());
        }
        for (Site c : sites) {
            long back = reclaimed.getOrDefault(c.frame, 0L) - Math.max(0, c.lost);
            if (back > 0 && !named.contains(c.frame)) {
                out.add("abandoned at " + c.frame + ": ConnTrack reclaimed " + back + " connection(s) of " + pool
                        + " held past reclaimAfter with their acquiring method finished (reclaim=" + s.reclaimMode
                        + "): the pool keeps going, the line is still wrong; close each connection in the method that acquires it");
            }
        }
        for (Site c : sites) {
            if (c.closed > 0 && c.holdP99Nanos >= HOG_MIN_NANOS && c.waitFrame != null && c.waitCount > 0) {
                out.add("hog at " + c.frame + ": holds p99 " + millis(c.holdP99Nanos / 1e9) + " while waiting in " + c.waitFrame + " (seen " + c.waitCount
                        + " of " + c.looks + " times its held connections were looked at): move that call outside the connection's scope");
            }
        }
        if (s.maxSize > 0 && s.demandPeak >= DEMAND_HIGH * s.maxSize) {
            out.add(String.format(Locale.ROOT, "sizing: demand by Little's law peaked at %.1f connections (%.1f acquisitions/s x mean hold %s)"
                    + " in %s of watching, against max %d of %s: shorten the holds or raise the maximum", s.demandPeak, s.demandPeakRate,
                    millis(s.demandPeakMeanHoldSeconds), Forecast.seconds(watchedSeconds), s.maxSize, pool));
        }
        if (s.connectionTimeoutMillis > 0) {
            for (Site c : sites) {
                if (c.closed > 0 && c.holdP99Nanos > s.connectionTimeoutMillis * 1_000_000L && c.holdP99Nanos >= HOG_MIN_NANOS) {
                    out.add("sizing: connectionTimeout " + millis(s.connectionTimeoutMillis / 1000.0) + " of " + pool
                            + " is shorter than the hold p99 " + millis(c.holdP99Nanos / 1e9) + " at " + c.frame
                            + ": when the pool is busy, borrowers time out before a connection held there comes back;"
                            + " shorten that hold rather than raise the timeout");
                }
            }
        }
        if (s.maxSize > 0 && s.peakInUse <= USE_LOW * s.maxSize && watchedSeconds >= UNDERUSED_MIN_SECONDS
                && acquisitions >= UNDERUSED_MIN_ACQUISITIONS && s.lost == 0) {
            out.add(String.format(Locale.ROOT, "sizing: %s never had more than %d of max %d in use (%.0f%%) in %s and %d acquisitions:"
                    + " a maximum of %d would do", pool, s.peakInUse, s.maxSize, 100.0 * s.peakInUse / s.maxSize,
                    Forecast.seconds(watchedSeconds), acquisitions, Math.max(2, 2 * s.peakInUse)));
        }
        return out;
    }

    static String perMinute(double perMinute) {
        return String.format(Locale.ROOT, "%.1f lost/min", perMinute);
    }

    /** Seconds as "300 ms", "3.0 s". */
    static String millis(double seconds) {
        return seconds < 1 ? Math.round(seconds * 1000) + " ms" : String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
