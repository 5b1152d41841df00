package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.FakeJdbc;
import io.conntrack.config.ConfigParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A callsite that misbehaved once keeps stacks for a while, not for ever; and never too many at once. */
class StackCaptureTest {

    private final ManualClock clock = new ManualClock();

    private Tracker tracker(String options) throws Exception {
        return new Tracker(ConfigParser.parse(options, new Properties()), m -> { }, PoolHooks.NONE, clock);
    }

    /** Whether the one open record of {@code connection} kept its acquiring stack. */
    private static boolean hasStack(Tracker t, Object connection) {
        for (ConnectionRecord r : t.openRecords()) {
            if (r.get() == connection) {
                return r.stack() != null;
            }
        }
        throw new AssertionError("not open");
    }

    @Test
    void aSlowHoldMakesTheCallsiteKeepStacksForALimitedNumberOfAcquisitions() throws Exception {
        Tracker t = tracker("holdThreshold=50ms,stacks=sampled,stacks.sampleRate=1000000");
        Object slow = FakeJdbc.held(t);
        assertFalse(hasStack(t, slow), "a healthy callsite keeps (almost) no stack");
        clock.advanceMillis(100);
        t.closed(slow); // held too long: the callsite becomes suspicious

        int kept = 0;
        int acquisitions = Callsite.SUSPICIOUS_CAPTURES_MAX + 100;
        for (int i = 0; i < acquisitions; i++) {
            Object c = FakeJdbc.held(t);
            if (hasStack(t, c)) {
                kept++;
            }
            t.closed(c);
        }
        assertEquals(Callsite.SUSPICIOUS_CAPTURES_MAX, kept, "stacks after one slow hold, then no more");

        Object again = FakeJdbc.held(t);
        clock.advanceMillis(100);
        t.closed(again); // a new slow hold: suspicious again
        Object next = FakeJdbc.held(t);
        assertTrue(hasStack(t, next), "a new slow hold renews the suspicion");
        t.closed(next);
    }

    @Test
    void suspicionEndsAfterItsTimeWindow() {
        Callsite c = new Callsite("test", false);
        long now = System.nanoTime();
        c.markSuspicious(now);
        assertTrue(c.isSuspicious(now + Callsite.SUSPICIOUS_NANOS - 1));
        assertFalse(c.isSuspicious(now + Callsite.SUSPICIOUS_NANOS));
        assertFalse(c.takeSuspiciousCapture(now + Callsite.SUSPICIOUS_NANOS + 1));
    }

    @Test
    void oneCallsiteKeepsAtMostMaxStacksOpenAndTheOldestKeepThem() throws Exception {
        Tracker t = tracker("stacks=all");
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < Callsite.MAX_STACKS_HELD + 50; i++) {
            held.add(FakeJdbc.held(t));
        }
        int withStack = 0;
        for (int i = 0; i < held.size(); i++) {
            boolean has = hasStack(t, held.get(i));
            assertEquals(i < Callsite.MAX_STACKS_HELD, has, "connection " + i);
            withStack += has ? 1 : 0;
        }
        assertEquals(Callsite.MAX_STACKS_HELD, withStack);

        t.closed(held.remove(0)); // one stack freed
        Object more = FakeJdbc.held(t);
        assertTrue(hasStack(t, more), "a closed record gives its stack slot back");
        Object over = FakeJdbc.held(t);
        assertFalse(hasStack(t, over));
    }
}
