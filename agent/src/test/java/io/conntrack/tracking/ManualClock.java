package io.conntrack.tracking;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves: no test sleeps to pass a threshold. */
public final class ManualClock implements Clock {

    private final AtomicLong now = new AtomicLong(TimeUnit.DAYS.toNanos(1));

    @Override
    public long nanoTime() {
        return now.get();
    }

    public void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
