package io.conntrack.pools;

import java.util.ArrayList;
import java.util.List;

/**
 * One pool at one moment, as dumps, metrics, JMX and {@code status} show it: what the pool itself says
 * (read off the hot path through its own API; -1 where it does not tell) and what ConnTrack measured.
 */
public final class PoolState {

    public static final long UNKNOWN = -1;

    /** The pool's serial: never another pool's in this JVM. */
    public int id;
    /** Its entry's id in the registry (what connection records carry; a later pool may get it). */
    int entryId;
    public String name;
    /** hikari, dbcp2, tomcat, c3p0, agroal, or other. */
    public String type = "other";
    public String className;
    public long maxSize = UNKNOWN;
    public long active = UNKNOWN;
    public long idle = UNKNOWN;
    public long waiting = UNKNOWN;
    public long connectionTimeoutMillis = UNKNOWN;
    /** HikariCP's leakDetectionThreshold when set (above 0), else -1. */
    public long leakDetectionThresholdMillis = UNKNOWN;
    /** Why the pool's own numbers are missing (its reader is off, the pool is closed), or null. */
    public String readError;

    /** Application connections from this pool open now (ConnTrack's own count). */
    public long inUse;
    /** Application connections from this pool collected without close(): the pool never gets them back. */
    public long lost;
    /** Of those, lost within the last 5 minutes. */
    public long lostRecently;
    public double lossRatePerMinute;
    /** The seconds that rate (and the forecast) rest on: the last 5 minutes, or the time the pool has been watched when shorter. */
    public double lossHistorySeconds = -1;
    /** Seconds until exhaustion at the current loss rate; NaN when there is no loss trend or no known maximum. */
    public double exhaustionSeconds = Double.NaN;
    /** The forecast as one sentence, or null. */
    public String forecast;
    /** The callsite that lost the most connections from this pool, and how many. */
    public String topLossCallsite;
    public long topLossCount;
    /** Highest in use seen by the monitor's samples (the pool's active count when it tells it). */
    public long peakInUse;
    /** Little's law: acquisitions per second x mean hold, over the last sample span and at its highest; -1 unknown. */
    public double demand = -1;
    public double demandPeak = -1;
    public double acquisitionsPerSecond = -1;
    public double demandPeakRate = -1;
    public double demandPeakMeanHoldSeconds = -1;
    public double meanHoldSeconds = -1;
    public final List<String> advice = new ArrayList<>();
    /** {@code reclaim} in force: off, lost or abandoned. */
    public String reclaimMode = "off";
    /** Connections ConnTrack gave back to this pool: lost (collected unclosed) and abandoned ones. */
    public long reclaimedLost;
    public long reclaimedAbandoned;
    /** Callsite to connections reclaimed that were acquired there, most first. */
    public List<java.util.Map.Entry<String, Long>> reclaimedBySite = new ArrayList<>();
    /** Why ConnTrack does not reclaim from this pool (with reclaim on), or null. */
    public String reclaimOff;
    /** Connections held now whose acquiring method has finished, by callsite (with or without reclaim). */
    public List<ReclaimView.Abandoned> abandoned = new ArrayList<>();

    public long reclaimed() {
        return reclaimedLost + reclaimedAbandoned;
    }

    /** Connections held now with their acquiring method finished, all callsites. */
    public long abandonedHeld() {
        long n = 0;
        for (ReclaimView.Abandoned a : abandoned) {
            n += a.held;
        }
        return n;
    }

    /** Takes what the pool itself told (or why it told nothing) from {@code own}, a reading of it. */
    void copyOwnNumbers(PoolState own) {
        name = own.name;
        type = own.type;
        maxSize = own.maxSize;
        active = own.active;
        idle = own.idle;
        waiting = own.waiting;
        connectionTimeoutMillis = own.connectionTimeoutMillis;
        leakDetectionThresholdMillis = own.leakDetectionThresholdMillis;
        readError = own.readError;
    }

    /** In use as the pool counts it when it tells (lost connections included), else ConnTrack's count plus the lost not reclaimed. */
    public long usedByPool() {
        return active >= 0 ? active : inUse + Math.max(0, lost - reclaimedLost);
    }

    /**
     * The history of the loss rate for people ({@link Forecast#history}), {@code early} appended when it is
     * an early estimate; the last 5 minutes when not known.
     */
    public String lossHistory(String early) {
        double window = PoolEntry.LOSS_WINDOW_NANOS / 1e9;
        double h = lossHistorySeconds >= 0 ? lossHistorySeconds : window;
        return Forecast.history(h, window) + (Forecast.isEarly(h) ? early : "");
    }

    public boolean hasForecast() {
        return !Double.isNaN(exhaustionSeconds);
    }
}
