package io.conntrack.reporting;

import io.conntrack.tracking.Failures;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ConnTrack's own failures off the hot path (a monitor step, a dump, a listener): each feature that
 * fails says so in one line, the first time; every failure is counted ({@code agent.internalErrors}).
 */
final class Faults {

    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AtomicLong internalErrors = new AtomicLong();

    /** Counts a failure of {@code feature} and, the first time, says so and what happens now. */
    void failed(String feature, Throwable t, String consequence) {
        internalErrors.incrementAndGet();
        if (failing.add(feature)) {
            error(feature + " failed: " + Failures.describe(t) + "; " + consequence);
        }
    }

    /** Counts a failure already said (or not worth a line: out of memory for a moment). */
    void counted() {
        internalErrors.incrementAndGet();
    }

    long internalErrors() {
        return internalErrors.get();
    }

    static void error(String line) {
        try {
            Log.error(line);
        } catch (Throwable ignored) {
            // stderr itself failed: nothing left to tell
        }
    }
}
