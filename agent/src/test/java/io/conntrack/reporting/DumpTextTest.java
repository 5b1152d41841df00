package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.FakeJdbc;
import io.conntrack.testsupport.SourceLines;
import io.conntrack.tracking.ManualClock;
import io.conntrack.tracking.Tracker;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpTextTest {

    @Test
    void saysTheSameAsTheJson() throws Exception {
        Tracker t = TestDumps.tracker("stacks=all");
        Object[] held = new Object[2];
        for (int i = 0; i < held.length; i++) {
            held[i] = FakeJdbc.held(t); // one line: both acquire stacks are the same
        }
        FakeJdbc.closedAfterUse(t);
        Object[] pooled = FakeJdbc.pooled(t);
        t.closed(pooled[0]);
        String heldFrame = SourceLines.frame(FakeJdbc.class, "held", "// HELD");
        String closedFrame = SourceLines.frame(FakeJdbc.class, "closedAfterUse", "// CLOSED");

        String text = DumpText.render(TestDumps.dump(t, new Trigger(Trigger.Type.LIMIT, "callsite X open 2 > limit 1",
                heldFrame, 2, 1), List.of(new Dump.Suppressed("leak", 3, "3 connections were garbage-collected"))));

        assertTrue(text.startsWith("ConnTrack dump "), text);
        assertTrue(text.contains("  pid " + ProcessHandle.current().pid() + " on "), text);
        assertTrue(text.contains("(conntrack-dump/3)\n"), text);
        assertTrue(text.contains("\nTrigger: limit: callsite X open 2 > limit 1\n"), text);
        assertTrue(text.contains("\nSuppressed since the last triggered dump: 3 x leak (last: 3 connections were garbage-collected)\n"), text);
        // the third was taken while the two were held: three open at once
        assertTrue(text.contains("\nApplication connections: open 2, peak 3, acquired 4, closed 2, leaked 0, failed 0\n"), text);
        assertTrue(text.contains("\nApplication callsites, ranked by leaked, then over limit, then held past holdThreshold, "
                + "then open ("), text);
        assertTrue(text.contains("\n#1 " + heldFrame + "\n   open 2  peak 2  acquired 2  closed 0  leaked 0  failed 0"), text);
        assertTrue(text.contains("\n#2 " + closedFrame + "\n   open 0  peak 1  acquired 1  closed 1  leaked 0  failed 0"), text);
        // the pool's own connections: after every application callsite, in their own section
        int poolSection = text.indexOf("\nPool-owned callsites (");
        assertTrue(poolSection > text.indexOf("\n#3 "), text);
        assertTrue(text.indexOf("\n#P1 [pool] connections opened inside a getConnection() call\n   open 1 ") > poolSection, text);
        assertTrue(text.indexOf("[pool]") > poolSection, text);
        assertTrue(text.contains("by \"" + Thread.currentThread().getName() + "\" #" + Thread.currentThread().getId()
                + ", now RUNNABLE"), text);
        // Both were taken by this thread along the same path: each stack is printed once, then referred to.
        assertEquals(2, count(text, "   - held "), text);
        assertEquals(1, count(text, "holder is now at [s"), text);
        assertEquals(1, count(text, "acquired at [s"), text);
        assertEquals(2, count(text, ": same stack as s"), text);
        assertTrue(text.contains("at " + heldFrame + "\n"), text);
        for (Object c : held) {
            t.closed(c);
        }
        t.closed(pooled[1]);
    }

    @Test
    void saysWhyACallsiteRanksHigh() throws Exception {
        ManualClock clock = new ManualClock();
        Tracker t = TestDumps.tracker("limit=1,holdThreshold=20ms", clock);
        Object[] held = {FakeJdbc.held(t), FakeJdbc.held(t)};
        clock.advanceMillis(50);
        String heldFrame = SourceLines.frame(FakeJdbc.class, "held", "// HELD");
        String text = DumpText.render(TestDumps.onDemand(t, "why"));
        assertTrue(text.contains("\n#1 " + heldFrame + "\n   open 2 "), text);
        assertTrue(text.contains("\n   over limit 1; holds a connection longer than holdThreshold\n   oldest open connections:\n"), text);
        assertEquals(-1, text.indexOf("Pool-owned callsites"), "no pool section without pool-owned callsites: " + text);
        for (Object c : held) {
            t.closed(c);
        }
    }

    @Test
    void saysWhenNoAcquireStackWasCaptured() throws Exception {
        Tracker t = TestDumps.tracker("stacks=off");
        Object held = FakeJdbc.held(t);
        String text = DumpText.render(TestDumps.onDemand(t, "why"));
        assertTrue(text.contains("\nTrigger: onDemand: why\n"), text);
        assertTrue(text.contains("acquired at: (stack not captured; see the stacks option)"), text);
        t.closed(held);
    }

    @Test
    void durationsReadLikeAPersonWritesThem() {
        assertEquals("0ms", DumpText.duration(0));
        assertEquals("999ms", DumpText.duration(999));
        assertEquals("1.5s", DumpText.duration(1500));
        assertEquals("1m01s", DumpText.duration(61_000));
        assertEquals("1h01m", DumpText.duration(3_660_000));
        assertEquals("500us", DumpText.nanos(500_000));
        assertEquals("2.0s", DumpText.nanos(2_000_000_000L));
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
