package io.conntrack.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PoolRegistryTest {

    @Test
    void onePoolOneIdForEver() {
        PoolRegistry r = new PoolRegistry();
        Object a = new Object();
        Object b = new Object();
        int ia = r.idOf(a);
        assertTrue(ia > 0);
        assertEquals(ia, r.idOf(a));
        assertNotEquals(ia, r.idOf(b));
        assertEquals(0, r.idOf(null));
        assertEquals(2, r.entries().size());
    }

    @Test
    void threadsRegisteringTheSamePoolsAtOnceGetTheSameIds() throws Exception {
        PoolRegistry r = new PoolRegistry();
        Object[] pools = new Object[300]; // more than buckets: chains
        for (int i = 0; i < pools.length; i++) {
            pools[i] = new Object();
        }
        ConcurrentHashMap<Integer, Set<Integer>> seen = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < pools.length; i++) {
                    seen.computeIfAbsent(i, k -> ConcurrentHashMap.newKeySet()).add(r.idOf(pools[i]));
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < pools.length; i++) {
            assertEquals(1, seen.get(i).size(), "pool " + i + " got " + seen.get(i));
            assertTrue(ids.add(seen.get(i).iterator().next()));
            assertEquals(seen.get(i).iterator().next(), r.idOf(pools[i]));
        }
        assertEquals(pools.length, r.entries().size());
    }

    @Test
    void aCollectedPoolIsNotHeldAndIsPruned() throws Exception {
        PoolRegistry r = new PoolRegistry();
        Object pool = new Object();
        int id = r.idOf(pool);
        WeakReference<Object> ref = new WeakReference<>(pool);
        pool = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "the registry keeps no pool reachable");
        r.prune(new long[id + 1]);
        assertEquals(List.of(), r.entries());
        assertNull(r.entry(id));
    }

    @Test
    void aCollectedPoolWithConnectionsStillOpenStays() throws Exception {
        PoolRegistry r = new PoolRegistry();
        int id = r.idOf(new Object());
        for (int i = 0; i < 50 && r.entry(id).get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        long[] inUse = new long[id + 1];
        inUse[id] = 1;
        r.prune(inUse);
        assertEquals(1, r.entries().size());
    }
}
