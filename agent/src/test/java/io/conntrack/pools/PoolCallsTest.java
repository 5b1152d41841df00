package io.conntrack.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.pools.HostilePools.HangingPool;
import com.acme.pools.HostilePools.HealthyPool;
import com.acme.pools.HostilePools.SlowOncePool;
import com.acme.pools.HostilePools.ThrowingPool;
import io.conntrack.tracking.FrameClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls into pools are bounded: a pool that hangs, sleeps or throws never holds up a reader of pool states. */
class PoolCallsTest {

    /** Generous: these are bounds on behaviour (a hang would take forever), not performance figures. */
    private static final long BOUND_MILLIS = PoolCalls.TIMEOUT_MILLIS + 800;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final PoolRegistry registry = new PoolRegistry();
    private final PoolWatch watch = new PoolWatch(registry, List::of, List::of, new FrameClassifier(List.of(), List.of()), log::add,
            List.of(new GenericPoolReader()));
    private final List<Object> pools = new ArrayList<>();

    @AfterEach
    void releaseTheHungCalls() {
        for (Object p : pools) {
            if (p instanceof HangingPool) {
                ((HangingPool) p).release();
            }
        }
    }

    private <T> T known(T pool) {
        pools.add(pool);
        registry.idOf(pool);
        return pool;
    }

    private List<PoolState> timedStates() {
        long start = System.nanoTime();
        List<PoolState> states = watch.states();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < BOUND_MILLIS, "states() took " + took + " ms");
        return states;
    }

    @Test
    void aPoolThatHangsIsShownAsNotAnsweringAndTheOthersAreReadAsUsual() {
        HangingPool hanging = known(new HangingPool());
        known(new HealthyPool("healthy"));
        List<PoolState> states = timedStates();
        assertEquals("did not answer within 200 ms (in HangingPool.getActiveConnections())", states.get(0).readError);
        assertEquals(-1, states.get(0).maxSize, "nothing half-read: what it told before it hung is not shown");
        assertEquals("healthy", states.get(1).name);
        assertEquals(3, states.get(1).active);
        assertNull(states.get(1).readError);
        assertEquals(1, hanging.calls());
    }

    @Test
    void threeRoundsWithoutAnswerSwitchCallsIntoThatPoolOffWithOneLine() {
        HangingPool hanging = known(new HangingPool());
        for (int i = 0; i < 3; i++) {
            timedStates();
            timedStates(); // a second request in the same round is no second strike
            assertEquals(i == 2 ? 1 : 0, log.size(), "round " + i + ": " + log);
            sleepPast(TimeUnit.NANOSECONDS.toMillis(PoolCalls.STRIKE_SPACING_NANOS));
        }
        assertEquals(1, hanging.calls(), "one call in flight at most: the stuck one");
        assertEquals(1, log.size(), log.toString());
        String line = log.get(0);
        assertTrue(line.startsWith("pool 'HangingPool-1' (" + HangingPool.class.getName() + "): HangingPool.getActiveConnections() did not answer"
                + " within 200 ms 3 times in a row (the last call still running after "), line);
        assertTrue(line.contains(", at " + HangingPool.class.getName() + ".getActiveConnections(HostilePools.java:"), line);
        assertTrue(line.endsWith("ConnTrack no longer calls into this pool and shows its own numbers for it (tracking goes on)"), line);
        assertTrue(timedStates().get(0).readError.startsWith("calls into it are off: HangingPool.getActiveConnections() did not answer"));
        assertEquals(1, log.size(), "said once");
    }

    @Test
    void theMonitorsTickNeverWaitsForAPool() {
        HangingPool hanging = known(new HangingPool());
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            watch.tick();
            long took = System.nanoTime() - start;
            // a tick that waited on the pool would take the call's full bound at least; below it, with room for a pause
            assertTrue(took < TimeUnit.MILLISECONDS.toNanos(PoolCalls.TIMEOUT_MILLIS - 20), "tick waited " + took / 1_000_000 + " ms");
            await(() -> hanging.calls() == 1);
            sleepPast(TimeUnit.NANOSECONDS.toMillis(PoolCalls.STRIKE_SPACING_NANOS)); // the next tick finds it stuck: a strike
        }
        assertEquals(1, log.size(), "switched off after three ticks found it stuck: " + log);
        assertFalse(watch.lastStates().isEmpty());
    }

    @Test
    void aSlowAnswerIsOneStrikeAndATimelyOneClearsThem() {
        SlowOncePool slow = known(new SlowOncePool(PoolCalls.TIMEOUT_MILLIS + 300));
        assertTrue(timedStates().get(0).readError.startsWith("did not answer within 200 ms"));
        await(() -> slow.returned());
        for (int i = 0; i < 4; i++) {
            PoolState s = timedStates().get(0);
            assertNull(s.readError, s.readError);
            assertEquals(4, s.active);
        }
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void aStuckCallDoesNotHoldUpPoolsQueuedBehindIt() {
        for (int i = 0; i < 3; i++) {
            known(new HangingPool());
        }
        known(new HealthyPool("behind"));
        List<PoolState> states = timedStates();
        assertEquals(3, states.get(3).active, states.get(3).readError);
        assertTrue(watch.calls().workers() <= PoolCalls.MAX_WORKERS);
    }

    @Test
    void aPoolsExceptionShowsOnlyItsClassAndTheMethodNeverItsMessage() {
        known(new ThrowingPool());
        PoolState s = timedStates().get(0);
        assertEquals("the pool threw java.lang.IllegalStateException in ThrowingPool.getActiveConnections()", s.readError);
        assertFalse(String.valueOf(watch.states()).contains("S3cr3t"));
        assertTrue(log.isEmpty(), log.toString());
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            sleepPast(5);
        }
    }

    private static void sleepPast(long millis) {
        try {
            Thread.sleep(millis + 1);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
