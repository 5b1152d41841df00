package io.conntrack.reporting;

import java.util.concurrent.TimeUnit;

/** A period of the monitor's round: {@link #due} is true once a period (the first time at once). */
final class Every {

    private final long periodNanos;
    private long next;
    private boolean started;

    Every(long periodMillis) {
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    }

    boolean due(long nowNanos) {
        if (started && nowNanos - next < 0) {
            return false;
        }
        started = true;
        next = nowNanos + periodNanos;
        return true;
    }
}
