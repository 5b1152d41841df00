package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OpenConnectionsTest {

    private static final Callsite SITE = new Callsite("test", false);

    private static ConnectionRecord record(Object connection, int hash) {
        return new ConnectionRecord(connection, hash, null, SITE, System.nanoTime(), Thread.currentThread(), null);
    }

    @Test
    void findsByIdentityNotByHash() {
        OpenConnections open = new OpenConnections();
        Object a = new Object();
        Object b = new Object();
        ConnectionRecord ra = record(a, 7);
        ConnectionRecord rb = record(b, 7);
        open.add(ra);
        open.add(rb);
        assertSame(ra, open.findOpen(a, 7));
        assertSame(rb, open.findOpen(b, 7));
        assertNull(open.findOpen(new Object(), 7));
        assertTrue(ra.end(ConnectionRecord.CLOSED));
        assertNull(open.findOpen(a, 7), "an ended record is never found again");
        assertEquals(1, open.sweep());
    }

    /**
     * Eight threads add, find and close records while the sweeper unlinks ended ones, with hashes
     * forced into few buckets so that every list is long and constantly changing at head and middle.
     * Every record must be found exactly once, by its own connection, and never after its close; the
     * ones deliberately left open must all still be there at the end.
     */
    @Test
    void noRecordIsLostUnderConcurrentAddCloseAndSweep() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            OpenConnections open = new OpenConnections();
            int threads = 8;
            int perThread = 40_000;
            int window = 24; // records each thread keeps open at once, closed out of order
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger sweeps = new AtomicInteger();
            List<ConnectionRecord> leftOpen = Collections.synchronizedList(new ArrayList<>());
            Map<ConnectionRecord, Object> leftOpenConnections = Collections.synchronizedMap(new IdentityHashMap<>());
            CountDownLatch start = new CountDownLatch(1);

            Thread sweeper = new Thread(() -> {
                while (!done.get()) {
                    open.sweep();
                    sweeps.incrementAndGet();
                }
            }, "sweeper");
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                workers.add(new Thread(() -> {
                    try {
                        start.await();
                        Object[] conns = new Object[window];
                        ConnectionRecord[] recs = new ConnectionRecord[window];
                        for (int i = 0; i < perThread; i++) {
                            int slot = (i * 7 + seed) % window;
                            if (recs[slot] != null) {
                                closeOne(open, conns[slot], recs[slot]);
                            }
                            Object c = new Object();
                            // 16 distinct hashes, multiples of 8192: bucket() maps them to buckets 0 and 1 only, so every
                            // list is long and contended (production hashes are identity hashes, spread over all buckets)
                            ConnectionRecord r = record(c, (i + seed) % 16 * 8192);
                            open.add(r);
                            conns[slot] = c;
                            recs[slot] = r;
                            if (i % 1000 == 999) { // keep this one open for good
                                leftOpen.add(r);
                                leftOpenConnections.put(r, c);
                                recs[slot] = null;
                            }
                        }
                        for (int s = 0; s < window; s++) {
                            if (recs[s] != null) {
                                closeOne(open, conns[s], recs[s]);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "worker-" + t));
            }
            sweeper.start();
            workers.forEach(Thread::start);
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            done.set(true);
            sweeper.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertTrue(sweeps.get() > 0);

            assertEquals(threads * (perThread / 1000), leftOpen.size());
            assertEquals(leftOpen.size(), open.sweep(), "open records after the last sweep");
            List<ConnectionRecord> seen = new ArrayList<>();
            open.forEachOpen(seen::add);
            assertEquals(leftOpen.size(), seen.size());
            for (ConnectionRecord r : leftOpen) {
                assertSame(r, open.findOpen(leftOpenConnections.get(r), r.hash));
            }
        });
    }

    private static void closeOne(OpenConnections open, Object connection, ConnectionRecord expected) {
        ConnectionRecord found = open.findOpen(connection, expected.hash);
        if (found != expected) {
            throw new AssertionError("open record not found for its connection (found " + found + ")");
        }
        if (!found.end(ConnectionRecord.CLOSED)) {
            throw new AssertionError("record ended twice");
        }
        open.popIfHead(found);
        if (open.findOpen(connection, expected.hash) != null) {
            throw new AssertionError("closed record found again");
        }
    }
}
