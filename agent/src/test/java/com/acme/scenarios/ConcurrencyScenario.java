package com.acme.scenarios;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** Many threads borrowing and returning at once: every acquisition and close must be counted. */
public final class ConcurrencyScenario {

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int perThread = Integer.parseInt(args[1]);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (HikariDataSource ds = Pools.hikari("concurrency", threads)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        borrow(ds, perThread);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "worker-" + t);
                w.start();
                workers.add(w);
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            System.out.println("ELAPSED-MS " + (System.nanoTime() - t0) / 1_000_000);
            if (failure.get() != null) {
                failure.get().printStackTrace();
                System.exit(3);
            }
            Agent.printSnapshot();
        }
    }

    static void borrow(HikariDataSource ds, int times) throws SQLException {
        for (int i = 0; i < times; i++) {
            try (Connection c = ds.getConnection()) { // CONCURRENT
                if (c.isClosed()) {
                    throw new IllegalStateException("closed connection handed out");
                }
            }
        }
    }
}
