package com.widgetify.demo;

import java.util.List;

/** One entry of a dump's {@code pools} (conntrack-dump/3): the pool's own numbers, ConnTrack's, forecast, advice. */
public final class PoolRow {

    public final String name;
    public final String type;
    /** -1 where the pool does not tell. */
    public final long maxSize;
    public final long active;
    public final long idle;
    public final long waiting;
    public final long inUse;
    public final long lost;
    /** Seconds until exhaustion at the recent loss rate, or -1 without a forecast. */
    public final double exhaustionSeconds;
    /** The forecast sentence, or null. */
    public final String forecast;
    public final List<String> advice;
    /** Connections ConnTrack gave back to the pool ({@code reclaim}), 0 without. */
    public final long reclaimed;

    PoolRow(String name, String type, long maxSize, long active, long idle, long waiting, long inUse, long lost,
            double exhaustionSeconds, String forecast, List<String> advice) {
        this(name, type, maxSize, active, idle, waiting, inUse, lost, exhaustionSeconds, forecast, advice, 0);
    }

    PoolRow(String name, String type, long maxSize, long active, long idle, long waiting, long inUse, long lost,
            double exhaustionSeconds, String forecast, List<String> advice, long reclaimed) {
        this.reclaimed = reclaimed;
        this.name = name;
        this.type = type;
        this.maxSize = maxSize;
        this.active = active;
        this.idle = idle;
        this.waiting = waiting;
        this.inUse = inUse;
        this.lost = lost;
        this.exhaustionSeconds = exhaustionSeconds;
        this.forecast = forecast;
        this.advice = advice;
    }
}
