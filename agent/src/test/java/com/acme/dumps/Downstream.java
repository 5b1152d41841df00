package com.acme.dumps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A slow remote call: the holder of a connection waits here (TIMED_WAITING) until released. */
public final class Downstream {

    private Downstream() {
    }

    static void slowCall(CountDownLatch parked, CountDownLatch release) throws InterruptedException {
        parked.countDown();
        release.await(60, TimeUnit.SECONDS);
    }
}
