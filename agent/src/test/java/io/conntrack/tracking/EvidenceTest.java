package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.tracking.Jdbc;
import com.acme.tracking.Library;
import io.conntrack.config.ConfigParser;
import io.conntrack.testsupport.SourceLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What survives a leak: the leaked connections' stacks, and the caller that tells leaking from healthy paths. */
class EvidenceTest {

    private final List<String> log = new ArrayList<>();

    private Tracker tracker(String options) throws Exception {
        return new Tracker(ConfigParser.parse(options, new Properties()), log::add, PoolHooks.NONE, Clock.SYSTEM);
    }

    /** Runs GCs and the housekeeper until {@code n} application leaks are counted (at most 10 s). */
    static void awaitLeaks(Tracker t, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.applicationLeaked() < n && System.nanoTime() < deadline) {
            System.gc();
            t.housekeeper().processCollected(20);
        }
        assertEquals(n, t.applicationLeaked(), "leaks counted");
    }

    @Test
    void connectionsCountedOverTheLimitAndCollectedBeforeTheDumpStillShowTheirStacks() throws Exception {
        Tracker t = tracker("limit=4,stacks=sampled,stacks.sampleRate=1000000");
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(Jdbc.borrow(t));
        }
        List<Callsite> over = t.housekeeper().takeOverLimit();
        assertEquals(1, over.size(), "the limit trigger counted them");
        assertEquals(5, over.get(0).openWhenOverLimit());
        held.clear(); // the race: the GC takes them between the trigger and its dump
        awaitLeaks(t, 5);

        CallsiteSnapshot s = t.snapshot().callsite(SourceLines.frame(Jdbc.class, "borrow", "// BORROW"));
        assertEquals(0, s.open);
        assertEquals(5, s.leaked);
        assertEquals(CallsiteEvidence.RECENT_LEAKS, s.recentLeaks.size());
        int withStack = 0;
        for (LeakedConnection l : s.recentLeaks) {
            if (l.acquireStack != null) {
                withStack++;
                assertTrue(l.acquireStack.contains(SourceLines.frame(Jdbc.class, "borrow", "// BORROW")), l.acquireStack.toString());
            }
            assertEquals(Thread.currentThread().getName(), l.threadName);
            assertTrue(l.foundAtMillis >= l.acquiredAtMillis);
        }
        assertEquals(1, withStack, "the one acquisition past limit kept its stack (the others were within it, unsampled)");
    }

    @Test
    void aHelperThatEveryQueryUsesDoesNotHideItsLeakingCaller() throws Exception {
        Tracker t = tracker("stacks=all");
        for (int i = 0; i < 3; i++) {
            Library.read(t); // dropped at once
        }
        awaitLeaks(t, 3); // the callsite is now suspicious: its closed connections' paths are compared too
        for (int i = 0; i < 6; i++) {
            Library.lastModified(t);
        }
        for (int i = 0; i < 2; i++) {
            Library.read(t);
        }
        awaitLeaks(t, 5);
        t.housekeeper().analyseStacks();

        String helper = SourceLines.frame(Library.class, "prepare", "// HELPER");
        CallsiteSnapshot s = t.snapshot().callsite(helper);
        assertNotNull(s, "the callsite is the helper's line: " + t.snapshot().callsites);
        assertEquals(5, s.leaked);
        Blame b = s.blame;
        assertNotNull(b, "no blame");
        String leaking = SourceLines.frame(Library.class, "read", "// LEAKING-CALLER");
        String healthy = SourceLines.frame(Library.class, "lastModified", "// HEALTHY-CALLER");
        assertEquals(leaking, b.frame());
        assertEquals(1, b.depth);
        assertEquals(5, b.leaked());
        assertEquals("leaked 5, all via " + leaking + "; closed in time 6 via " + healthy, b.describe());
    }

    @Test
    void noBlameWhenTheSameCallerLeaksAndCloses() {
        Callsite site = new Callsite("com.acme.Lib", "prepare", "Lib.java", 10, false);
        CallsiteEvidence e = site.evidence();
        FrameClassifier apps = new FrameClassifier(List.of(), List.of());
        StackTraceElement[] viaA = {
            new StackTraceElement("com.zaxxer.hikari.HikariDataSource", "getConnection", "HikariDataSource.java", 99),
            new StackTraceElement("com.acme.Lib", "prepare", "Lib.java", 10),
            new StackTraceElement("com.acme.App", "a", "App.java", 5),
        };
        e.path(viaA, CallsiteEvidence.LEAKED, apps);
        e.path(viaA, CallsiteEvidence.CLOSED, apps);
        assertNull(e.blame(), "one caller does both: the callsite itself is the line");
        CallsiteEvidence only = new Callsite("com.acme.Lib", "prepare", "Lib.java", 10, false).evidence();
        only.path(viaA, CallsiteEvidence.LEAKED, apps);
        assertNull(only.blame(), "nothing closed to compare with");
    }

    @Test
    void theCallersPartFurtherUpWhenTheDirectOneIsShared() {
        Callsite site = new Callsite("com.acme.Lib", "prepare", "Lib.java", 10, false);
        CallsiteEvidence e = site.evidence();
        FrameClassifier apps = new FrameClassifier(List.of(), List.of());
        e.path(stack("query", 20, "report", 31), CallsiteEvidence.LEAKED, apps);
        e.path(stack("query", 20, "report", 31), CallsiteEvidence.HELD_LONG, apps);
        e.path(stack("query", 20, "orders", 44), CallsiteEvidence.CLOSED, apps);
        Blame b = e.blame();
        assertNotNull(b);
        assertEquals(2, b.depth);
        assertEquals("com.acme.App.report(App.java:31)", b.frame());
        assertEquals("leaked 1 and held too long 1, all via com.acme.App.report(App.java:31); closed in time 1 via "
                + "com.acme.App.orders(App.java:44)", b.describe());
    }

    private static StackTraceElement[] stack(String direct, int directLine, String caller, int callerLine) {
        return new StackTraceElement[] {
            new StackTraceElement("org.h2.jdbcx.JdbcDataSource", "getConnection", "JdbcDataSource.java", 130),
            new StackTraceElement("com.acme.Lib", "prepare", "Lib.java", 10),
            new StackTraceElement("java.util.function.Supplier", "get", null, -1), // infrastructure: skipped
            new StackTraceElement("com.acme.Lib", direct, "Lib.java", directLine),
            new StackTraceElement("com.acme.App", caller, "App.java", callerLine),
        };
    }
}
