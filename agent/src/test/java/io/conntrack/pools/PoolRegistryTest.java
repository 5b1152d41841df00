package io.conntrack.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class PoolRegistryTest {

    private static final long[] NOTHING_OPEN = new long[0];

    @Test
    void onePoolOneIdWhileItLives() {
        PoolRegistry r = new PoolRegistry();
        Object a = new Object();
        Object b = new Object();
        int ia = r.idOf(a);
        assertTrue(ia > 0);
        assertEquals(ia, r.idOf(a));
        assertNotEquals(ia, r.idOf(b));
        assertEquals(0, r.idOf(null));
        assertEquals(2, r.entries().size());
        assertNotEquals(r.entry(ia).serial, r.entry(r.idOf(b)).serial);
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
    void aCollectedPoolIsNotHeldAndIsPrunedAndItsEntryIsUnreachable() throws Exception {
        PoolRegistry r = new PoolRegistry();
        int id = r.idOf(new Object());
        WeakReference<PoolEntry> entry = new WeakReference<>(r.entry(id));
        awaitGc(() -> r.entry(id).get() == null, "the registry keeps no pool reachable");
        assertEquals(List.of(), r.prune(List.of(), NOTHING_OPEN, Set.of()), "not asked for: nothing pruned");
        assertEquals(1, r.prune(r.collected(), NOTHING_OPEN, Set.of()).size());
        assertEquals(List.of(), r.entries());
        assertNull(r.entry(id));
        awaitGc(() -> entry.get() == null, "a pruned entry is reachable");
    }

    @Test
    void aCollectedPoolWithConnectionsStillOpenStays() throws Exception {
        PoolRegistry r = new PoolRegistry();
        int id = r.idOf(new Object());
        awaitGc(() -> r.entry(id).get() == null, "not collected");
        long[] inUse = new long[id + 1];
        inUse[id] = 1;
        assertEquals(List.of(), r.prune(r.collected(), inUse, Set.of()));
        assertEquals(1, r.entries().size());
    }

    @Test
    void anIdGoesToANewPoolOnceItsPoolIsPrunedButASerialNever() throws Exception {
        PoolRegistry r = new PoolRegistry();
        int id = r.idOf(new Object());
        int serial = r.entry(id).serial;
        awaitGc(() -> r.entry(id).get() == null, "not collected");
        r.prune(r.collected(), NOTHING_OPEN, Set.of());
        Object next = new Object();
        assertEquals(id, r.idOf(next));
        assertTrue(r.entry(id).serial > serial);
        assertSame(next, r.entry(id).get());
    }

    @Test
    void anIdACallsiteStillNamesWaitsUntilNoCallsiteDoes() throws Exception {
        PoolRegistry r = new PoolRegistry();
        int id = r.idOf(new Object());
        awaitGc(() -> r.entry(id).get() == null, "not collected");
        r.prune(r.collected(), NOTHING_OPEN, Set.of(id)); // a callsite last acquired from it
        Object second = new Object();
        int other = r.idOf(second);
        assertNotEquals(id, other, "a callsite's pool would become another pool");
        r.prune(r.collected(), NOTHING_OPEN, Set.of(other)); // that callsite moved on
        assertEquals(id, r.idOf(new Object()));
    }

    /** An entry pruned from inside its bucket's chain (not its head) is unlinked too; the pool before it is still found. */
    @Test
    void anEntryPrunedFromInsideItsBucketIsUnreachableAndTheOthersAreFound() throws Exception {
        PoolRegistry r = new PoolRegistry();
        Object[] twoInOneBucket = twoInOneBucket();
        int dyingId = r.idOf(twoInOneBucket[0]);
        Object kept = twoInOneBucket[1];
        int keptId = r.idOf(kept); // the bucket's head now: the dying pool's entry is inside the chain
        twoInOneBucket = null;
        WeakReference<PoolEntry> entry = new WeakReference<>(r.entry(dyingId));
        awaitGc(() -> r.entry(dyingId).get() == null, "not collected");
        assertEquals(1, r.prune(r.collected(), NOTHING_OPEN, Set.of()).size());
        awaitGc(() -> entry.get() == null, "an entry pruned from inside a chain is still reachable");
        assertEquals(keptId, r.idOf(kept));
        assertEquals(1, r.entries().size());
    }

    /** Two new objects whose identity hashes fall into one of the registry's 256 buckets. */
    private static Object[] twoInOneBucket() {
        Object[] byBucket = new Object[256];
        while (true) {
            Object o = new Object();
            int b = System.identityHashCode(o) & 255;
            if (byBucket[b] != null) {
                return new Object[] {byBucket[b], o};
            }
            byBucket[b] = o;
        }
    }

    /** Issue 29: thousands of short-lived pools, then one that matters: it gets a small id again. */
    @Test
    void fiveThousandShortLivedPoolsLeaveNoIdTaken() throws Exception {
        PoolRegistry r = new PoolRegistry();
        for (int batch = 0; batch < 5; batch++) {
            for (int i = 0; i < 1000; i++) {
                assertTrue(r.idOf(new Object()) > 0);
            }
            awaitGc(() -> r.collected().size() == r.entries().size(), "not all collected");
            r.prune(r.collected(), NOTHING_OPEN, Set.of());
            assertEquals(List.of(), r.entries());
        }
        Object pool = new Object();
        int id = r.idOf(pool);
        assertTrue(id > 0 && id <= 1000, "id " + id);
        assertEquals(5001, r.entry(id).serial);
        assertNull(r.takeUntrackedNotice(), "the limit was never reached");
    }

    @Test
    void beyondTheLimitAPoolGetsNoIdAndThatIsSaidOnceAndAFreedIdIsTakenAgain() throws Exception {
        PoolRegistry r = new PoolRegistry();
        List<Object> live = new ArrayList<>();
        for (int i = 0; i < PoolRegistry.capacity(); i++) {
            Object p = new Object();
            live.add(p);
            assertTrue(r.idOf(p) > 0);
        }
        assertNull(r.takeUntrackedNotice());
        Object beyond = new StringBuilder("beyond");
        assertEquals(0, r.idOf(beyond));
        assertEquals(0, r.idOf(new Object()));
        assertEquals(StringBuilder.class.getName(), r.takeUntrackedNotice(), "the first pool that got no id");
        assertNull(r.takeUntrackedNotice(), "said once");
        int freed = r.idOf(live.get(7));
        live.set(7, null);
        awaitGc(() -> r.entry(freed).get() == null, "not collected");
        r.prune(r.collected(), NOTHING_OPEN, Set.of());
        assertEquals(freed, r.idOf(beyond));
        assertEquals(0, r.idOf(new Object()));
        assertNull(r.takeUntrackedNotice(), "said once in a JVM's life");
        assertEquals(PoolRegistry.capacity(), r.entries().size());
    }

    /** The hot path: a pool already known costs no allocation. */
    @Test
    void theIdOfAKnownPoolAllocatesNothing() {
        PoolRegistry r = new PoolRegistry();
        Object[] pools = new Object[300];
        for (int i = 0; i < pools.length; i++) {
            pools[i] = new Object();
            r.idOf(pools[i]);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int round = 0; round < 3; round++) { // the last round measured, after the JIT has seen the loop
            long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 100_000; i++) {
                sum += r.idOf(pools[i % pools.length]);
            }
            long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 2) {
                assertTrue(allocated < 1024, allocated + " bytes for 100,000 lookups");
            }
        }
        assertTrue(sum > 0);
    }

    private static void awaitGc(BooleanSupplier done, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, failure);
            System.gc();
            Thread.sleep(20);
        }
    }
}
