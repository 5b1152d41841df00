package io.conntrack.pools;

/**
 * The exhaustion forecast: at the rate the pool has been losing connections recently, how long until
 * it has none left. Pure arithmetic, so it can be checked on its own.
 */
public final class Forecast {

    /** A pool watched for less than this uses this as its window, so a first loss seconds after start is not a huge rate. */
    static final double MIN_WINDOW_SECONDS = 1;
    /**
     * A rate over less history than this is called an early estimate wherever it is shown: a burst at
     * start (a few leaks in the first second) reads as a steep trend until the pool has been watched a while.
     */
    public static final double EARLY_SECONDS = 60;

    private Forecast() {
    }

    /**
     * Losses per second: the losses of the last {@code windowSeconds}, over that window, or over the time
     * the pool has been watched when that is shorter (at least {@link #MIN_WINDOW_SECONDS}). 0 without losses.
     */
    public static double lossRate(long lostInWindow, double windowSeconds, double watchedSeconds) {
        if (lostInWindow <= 0) {
            return 0;
        }
        return lostInWindow / historySeconds(windowSeconds, watchedSeconds);
    }

    /** The time a loss rate rests on: the window, or the time the pool has been watched when shorter (at least 1 s). */
    public static double historySeconds(double windowSeconds, double watchedSeconds) {
        return Math.max(MIN_WINDOW_SECONDS, Math.min(windowSeconds, watchedSeconds));
    }

    /**
     * That history for people, after a count or a rate: {@code "over the last 5.0 min"}, {@code "over the
     * 2.0 min it has been watched"}, or under {@link #EARLY_SECONDS} {@code "in its first 3 s"} (see {@link #isEarly}).
     */
    public static String history(double historySeconds, double windowSeconds) {
        if (historySeconds >= windowSeconds) {
            return "over the last " + seconds(windowSeconds);
        }
        return isEarly(historySeconds) ? "in its first " + seconds(historySeconds)
                : "over the " + seconds(historySeconds) + " it has been watched";
    }

    /** Whether a rate over this much history is an early estimate (said so wherever it is shown). */
    public static boolean isEarly(double historySeconds) {
        return historySeconds < EARLY_SECONDS;
    }

    /**
     * Seconds until the pool is exhausted: headroom ({@code max - used}) over the loss rate; 0 when no
     * headroom is left; NaN when the maximum is unknown or there is no loss trend.
     */
    public static double exhaustionSeconds(long max, long used, double lossesPerSecond) {
        if (max <= 0 || !(lossesPerSecond > 0)) {
            return Double.NaN;
        }
        long headroom = max - used;
        return headroom <= 0 ? 0 : headroom / lossesPerSecond;
    }

    /** How long {@code extra} more connections would postpone exhaustion at this loss rate (seconds). */
    public static double delayBought(long extra, double lossesPerSecond) {
        return lossesPerSecond > 0 ? extra / lossesPerSecond : Double.POSITIVE_INFINITY;
    }

    /** "40 s", "2.5 min", "3.0 h", "0 s": a forecast as people read it. */
    public static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "?";
        }
        if (Double.isInfinite(s)) {
            return "never";
        }
        if (s < 100) {
            return Math.round(s) + " s";
        }
        if (s < 6000) {
            return String.format(java.util.Locale.ROOT, "%.1f min", s / 60);
        }
        return String.format(java.util.Locale.ROOT, "%.1f h", s / 3600);
    }
}
