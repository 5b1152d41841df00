package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.tracking.Jdbc;
import com.acme.tracking.TwoLeakers;
import io.conntrack.pools.TestPools;
import io.conntrack.testsupport.SourceLines;
import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One story per dump: its trigger's message, its ranking, its counts and its WARN line agree. */
class OneStoryTest {

    @TempDir
    Path tmp;

    private static void awaitLeaks(Tracker t, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.applicationLeaked() < n && System.nanoTime() < deadline) {
            System.gc();
            t.housekeeper().processCollected(20);
        }
        assertEquals(n, t.applicationLeaked());
    }

    @Test
    void aLimitDumpTakenAfterTheGcSaysWhatItCountedAndWhatItFound() throws Exception {
        Tracker t = TestDumps.tracker("limit=4,dumpDir=" + tmp);
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(Jdbc.borrow(t));
        }
        Callsite over = t.housekeeper().takeOverLimit().get(0);
        Trigger fired = new Trigger(Trigger.Type.LIMIT, "callsite " + over.frame + " open " + over.openWhenOverLimit() + " > limit 4",
                over.frame, over.openWhenOverLimit(), 4);
        held.clear();
        awaitLeaks(t, 5);
        Dump d = TestDumps.dump(t, Dumper.asFound(fired, t.snapshot()), List.of());
        String frame = SourceLines.frame(Jdbc.class, "borrow", "// BORROW");
        assertEquals("callsite " + frame + " open 5 > limit 4 (in this dump: open 0, leaked 5)", d.trigger().message);
        String text = DumpText.render(d);
        assertTrue(text.contains("\n#1 " + frame + "\n   open 0  peak 5  acquired 5  closed 0  leaked 5  failed 0  hold -  "), text);
        assertTrue(text.contains("   recently garbage-collected without close():\n"), text);
        assertTrue(text.contains("(1 callsite):\n"), "the heading counts the callsites it lists\n" + text);
    }

    @Test
    void aLeakTriggerNamesFirstTheCallsiteItsDumpRanksFirst() throws Exception {
        Tracker t = TestDumps.tracker("dumpDir=" + tmp + ",dumpInterval=0ms");
        List<Trigger> requested = Collections.synchronizedList(new ArrayList<>());
        Faults faults = new Faults();
        io.conntrack.pools.PoolWatch pools = TestPools.watch(t);
        Dumper dumper = new Dumper(t, pools, t.config(), Map::of, faults);
        DumpQueue queue = new DumpQueue(t.config(), dumper, faults, requested::add);
        Triggers triggers = new Triggers(t.housekeeper(), pools, t.config(), queue);
        t.addListener(triggers);
        TwoLeakers.beta(t); // one each: a tie, broken by name as the ranking does
        TwoLeakers.alpha(t);
        awaitLeaks(t, 2);
        triggers.check(System.nanoTime());
        queue.stop(System.nanoTime() + 5_000_000_000L);
        String alpha = SourceLines.frame(TwoLeakers.class, "alpha", "// ALPHA");
        String beta = SourceLines.frame(TwoLeakers.class, "beta", "// BETA");
        assertEquals(1, requested.size(), requested.toString());
        Trigger leak = requested.get(0);
        assertEquals("2 connections were garbage-collected without close(): 1 from " + alpha + ", 1 from " + beta, leak.message);
        assertEquals(alpha, leak.callsite);
        Dump d = TestDumps.dump(t, leak, List.of());
        assertEquals(alpha, d.topCallsite().callsite, "the dump's #1 is the one the trigger names first");
    }
}
