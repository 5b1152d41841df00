package com.acme.coexistence.secondagent;

import java.util.concurrent.atomic.AtomicLong;

/** The second agent's counters, read by the scenario. */
public final class CloseCounter {

    public static final AtomicLong CLOSES = new AtomicLong();
    public static final AtomicLong TRANSFORMED = new AtomicLong();

    private CloseCounter() {
    }
}
