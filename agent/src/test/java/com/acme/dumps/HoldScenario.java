package com.acme.dumps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code args[1]} threads (default 1) each take a connection at one line and hold it while parked in
 * {@link Downstream#slowCall}; released once the holdThreshold dump is written.
 */
public final class HoldScenario {

    public static void main(String[] args) throws Exception {
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        CountDownLatch parked = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        Runnable worker = () -> work(parked, release); // one Runnable: every holder thread has the same stack
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(worker, "holder-" + (i + 1));
            t.start();
            started.add(t);
        }
        parked.await();
        Dumps.awaitDump(Dumps.dir(args), "holdThreshold");
        release.countDown();
        for (Thread t : started) {
            t.join(30_000);
        }
    }

    static void work(CountDownLatch parked, CountDownLatch release) {
        try (Connection c = DriverManager.getConnection(Dumps.URL)) { // ACQUIRE
            Downstream.slowCall(parked, release);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
