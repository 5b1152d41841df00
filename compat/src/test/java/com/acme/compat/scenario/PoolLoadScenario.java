package com.acme.compat.scenario;

import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.Probe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Child JVM: many threads on one small pool over H2, no leak. Each thread borrows in a tight loop, by
 * turns at two lines ({@code // BORROW-A}, {@code // BORROW-B}), runs one query and closes: the pool
 * hands each connection on the moment it is back, the race that once made ConnTrack count more open
 * connections than the pool has. Emits {@code load} (borrows done, the most held at once as the
 * threads counted it themselves, time spent), the snapshot {@code after} once every borrow is back,
 * and {@code triggers}: every trigger the monitor saw, once it has checked them after the load (from
 * on-demand dumps: the only dumps this run may write).
 * Args: POOL MAX THREADS MILLIS
 */
public final class PoolLoadScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger HELD = new AtomicInteger();
    private static final AtomicInteger HELD_PEAK = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        Pool pool = Pool.valueOf(args[0]);
        int max = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        long millis = Long.parseLong(args[3]);
        DataSource ds = pool.create(Db.H2, max);
        try {
            for (int i = 0; i < max; i++) {
                borrowA(ds); // warm: the pool opens its connections, classes load, call sites are marked
            }
            AtomicLong borrows = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            long end = System.nanoTime() + millis * 1_000_000L;
            long lastEnd = end + 20_000_000_000L; // past MILLIS only while the threads have not yet held max at once
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        long n = 0;
                        for (long now = System.nanoTime(); now < end || HELD_PEAK.get() < max && now < lastEnd; now = System.nanoTime()) {
                            if ((n++ & 1) == 0) {
                                borrowA(ds);
                            } else {
                                borrowB(ds);
                            }
                        }
                        borrows.addAndGet(n);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "load-" + t);
                workers.add(w);
                w.start();
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            long took = (System.nanoTime() - t0) / 1_000_000;
            if (failure.get() != null) {
                throw new IllegalStateException("a borrow failed", failure.get());
            }
            long loadEndMillis = System.currentTimeMillis();
            Probe.emit("load", new long[] {borrows.get() + max, HELD_PEAK.get(), took});
            Probe.snapshot("after");
            Probe.emitRaw("triggers", monitorRoundsAfter(loadEndMillis).get("timeline").get("triggers").toString());
        } finally {
            Pool.close(ds);
        }
    }

    /**
     * An on-demand dump taken once the monitor has looked at the pools twice after {@code millis}:
     * samples in two seconds of its timeline that begin after it. The round of the first look checked
     * the triggers after it, so the dump's {@code timeline.triggers} lists every trigger the load caused.
     */
    private static JsonNode monitorRoundsAfter(long millis) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode dump = null;
        while (System.nanoTime() < deadline) {
            Thread.sleep(700); // a look a second: a few on-demand dumps in all
            dump = JSON.readTree(Probe.dump("is the load's every trigger checked?"));
            int later = 0;
            for (JsonNode p : dump.get("timeline").get("pools")) {
                for (JsonNode t : p.get("timeMillis")) {
                    if (t.asLong() > millis) {
                        later++; // one sample a second: each is another look
                    }
                }
            }
            if (later >= 2) {
                return dump;
            }
        }
        throw new IllegalStateException("the monitor did not look at the pools twice within 20 s after the load (at "
                + millis + "): " + (dump == null ? "no dump" : dump.get("timeline")));
    }

    static void borrowA(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) { // BORROW-A
            use(c);
        }
    }

    static void borrowB(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) { // BORROW-B
            use(c);
        }
    }

    /**
     * Counts the connection as held from right after getConnection() returned until right before close() is
     * called. Holds it a few tens of microseconds past the query: with a hold of a microsecond or two a pool
     * whose hand-off is slower than that (c3p0) was once never held four at once in two seconds, and the
     * run proved nothing about a saturated pool. Every close still hands the connection to a waiting thread.
     */
    private static void use(Connection c) throws SQLException {
        int held = HELD.incrementAndGet();
        HELD_PEAK.accumulateAndGet(held, Math::max);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            LockSupport.parkNanos(20_000);
        } finally {
            HELD.decrementAndGet();
        }
    }
}
