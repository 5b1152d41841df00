package io.conntrack.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.junit.samples.AllowSample;
import io.conntrack.junit.samples.AutoDetectedSample;
import io.conntrack.junit.samples.CachedPoolSample;
import io.conntrack.junit.samples.CollectedSample;
import io.conntrack.junit.samples.Db;
import io.conntrack.junit.samples.FactorySample;
import io.conntrack.junit.samples.GraceSample;
import io.conntrack.junit.samples.LeakingSample;
import io.conntrack.junit.samples.ParallelSample;
import io.conntrack.junit.samples.ThreadsSample;
import io.conntrack.junit.samples.WarnOnlySample;
import io.conntrack.testsupport.SourceLines;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extension on sample test classes, run through the Jupiter engine in this JVM, which has the
 * packaged agent ({@code -javaagent} in this module's Surefire argLine).
 */
class ConnTrackExtensionTest {

    @BeforeAll
    static void agentRuns() {
        assertEquals(null, AgentApi.get().problem(), "these tests need the agent (the junit module's argLine)");
    }

    @AfterEach
    void closeWhatTheSamplesLeaked() throws Exception {
        Db.closeKept();
    }

    @Test
    void aLeakingTestFailsWithTheCallsiteHowManyAndTheAcquiringStack() {
        SampleRun run = SampleRun.of(LeakingSample.class);
        String leaks = SourceLines.frame(LeakingSample.class, "leaks", "// leak-line:leaks");

        String message = run.failure("leaks");
        assertTrue(message.startsWith("ConnTrack: 1 connection acquired during this test was not closed: "
                + "1 still open at the end of the test from " + leaks + "\n"), message);
        assertTrue(message.contains("\n  acquired on thread \"" + Thread.currentThread().getName() + "\" "), message);
        assertTrue(message.contains(" ms before the check, by:\n    at org.h2.Driver.connect(Driver.java:"), message);
        assertTrue(message.contains("\n    at java.sql.DriverManager.getConnection(DriverManager.java:"), message);
        assertTrue(message.contains("\n    at " + leaks + "\n    ... (test runner frames)"), message);
        assertTrue(message.contains("@ConnTrackLeakCheck(allow = \"io.conntrack.junit.samples.LeakingSample.leaks\")"), message);

        String twice = run.failure("leaksTwoAtOneLine");
        assertTrue(twice.startsWith("ConnTrack: 2 connections acquired during this test were not closed: 2 still open at the end "
                + "of the test from " + SourceLines.frame(LeakingSample.class, "leaksTwoAtOneLine", "// leak-line:twice") + "\n"), twice);

        assertTrue(run.passed("closes"), run.describe());
    }

    @Test
    void aTestThatFailsAndLeaksReportsBoth() {
        String message = SampleRun.of(LeakingSample.class).failure("failsAndLeaks");
        assertTrue(message.startsWith("the test's own failure\n[suppressed org.opentest4j.AssertionFailedError] ConnTrack: 1 "
                + "connection acquired during this test was not closed: 1 still open at the end of the test from "
                + SourceLines.frame(LeakingSample.class, "failsAndLeaks", "// leak-line:failsAndLeaks")), message);
    }

    @Test
    void aConnectionGarbageCollectedWithoutCloseFailsTheTest() {
        String message = SampleRun.of(CollectedSample.class).failure("dropsAConnection");
        assertTrue(message.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 garbage-collected "
                + "without close() from " + SourceLines.frame(CollectedSample.class, "dropsAConnection", "// leak-line:collected")), message);
    }

    @Test
    void poolsAndFixturesFromBeforeTheTestAreNoFalseAlarm() {
        SampleRun run = SampleRun.of(CachedPoolSample.class);
        assertTrue(run.passed("borrowsFromHikariAndGivesBack"), run.describe());
        assertTrue(run.passed("borrowsFromH2PoolAndGivesBack"), run.describe());
        String message = run.failure("forgetsToGiveBack");
        assertTrue(message.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 still open at the end "
                + "of the test from " + SourceLines.frame(CachedPoolSample.class, "forgetsToGiveBack", "// leak-line:hikari") + "\n"), message);
        assertTrue(message.contains("\n    at com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:"), message);
    }

    @Test
    void inParallelModeTheTestThatLeakedIsBlamedNotTheOneThatEndedFirst() {
        ParallelSample.reset();
        SampleRun run = SampleRun.of(ParallelSample.class,
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
        assertTrue(run.passed("clean"), run.describe());
        String message = run.failure("leaks");
        assertTrue(message.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 still open at the end "
                + "of the test from " + SourceLines.frame(ParallelSample.class, "leaks", "// leak-line:parallel") + "\n"), message);
        assertFalse(message.contains("ParallelSample.clean"), message);
    }

    @Test
    void eachDynamicTestOfATestFactoryIsCheckedOnItsOwn() {
        SampleRun run = SampleRun.of(FactorySample.class);
        String leaks = run.failure("orders/leaks");
        assertTrue(leaks.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 still open at the end "
                + "of the test from io.conntrack.junit.samples.FactorySample.lambda$orders$"), leaks);
        assertTrue(leaks.contains("(FactorySample.java:" + SourceLines.lineOf(FactorySample.class, "// leak-line:dynamic") + ")\n"), leaks);
        assertFalse(leaks.contains("leak-line"), leaks);
        assertTrue(run.passed("orders/closes"), run.describe());

        String fails = run.failure("orders/failsAndLeaks");
        assertTrue(fails.startsWith("the dynamic test's own failure\n[suppressed org.opentest4j.AssertionFailedError] ConnTrack: 1 "
                + "connection acquired during this test was not closed: 1 still open at the end of the test from "
                + "io.conntrack.junit.samples.FactorySample.lambda$orders$"), fails);
        assertTrue(fails.contains("(FactorySample.java:" + SourceLines.lineOf(FactorySample.class, "// leak-line:dynamicFails") + ")"), fails);

        String nested = run.failure("orders/nested/leaks");
        assertTrue(nested.contains(" from io.conntrack.junit.samples.FactorySample.lambda$orders$"), nested);
        assertTrue(nested.contains("(FactorySample.java:" + SourceLines.lineOf(FactorySample.class, "// leak-line:nested") + ")\n"), nested);
        assertTrue(run.passed("orders/nested/closes"), run.describe());
        assertTrue(run.passed("orders"), "each leak counted once, against its dynamic test: " + run.describe());

        String factory = run.failure("leaksWhileBuilding");
        assertTrue(factory.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 still open at the end "
                + "of the test from " + SourceLines.frame(FactorySample.class, "leaksWhileBuilding", "// leak-line:factory") + "\n"), factory);
        assertTrue(run.passed("leaksWhileBuilding/closes"), run.describe());

        assertTrue(run.passed("warnsOnly/leaks"), run.describe());
        List<String> entries = run.entries("warnsOnly/leaks");
        assertEquals(1, entries.size(), run.reportEntries.toString());
        assertTrue(entries.get(0).startsWith("[conntrack-junit] WARN leaks (conntrack.junit.warnOnly): ConnTrack: 1 connection"), entries.get(0));
        assertTrue(entries.get(0).contains("(FactorySample.java:" + SourceLines.lineOf(FactorySample.class, "// leak-line:dynamicWarn") + ")"),
                entries.get(0));
    }

    @Test
    void warnOnlyPassesButReportsOnStandardErrorAndAsAReportEntry() {
        SampleRun run = SampleRun.of(WarnOnlySample.class);
        assertTrue(run.passed("leaks"), run.describe());
        List<String> entries = run.entries("leaks");
        assertEquals(1, entries.size(), entries.toString());
        assertTrue(entries.get(0).startsWith("[conntrack-junit] WARN leaks() (conntrack.junit.warnOnly): ConnTrack: 1 connection "
                + "acquired during this test was not closed: 1 still open at the end of the test from "
                + SourceLines.frame(WarnOnlySample.class, "leaks", "// leak-line:warn")), entries.get(0));

        SampleRun byParameter = SampleRun.of(LeakingSample.class, "conntrack.junit.warnOnly", "true");
        assertTrue(byParameter.passed("leaks"), byParameter.describe());
        assertEquals(1, byParameter.entries("leaks").size());
    }

    @Test
    void anAllowedCallsiteMayStayOpenAndOnlyThatOne() {
        SampleRun run = SampleRun.of(AllowSample.class);
        assertTrue(run.passed("warmsTheCacheAllowedByAnnotation"), run.describe());
        String warm = run.failure("warmsTheCache");
        assertTrue(warm.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 still open at the end "
                + "of the test from io.conntrack.junit.samples.WarmCache.warm(WarmCache.java:"), warm);
        String elsewhere = run.failure("warmsTheCacheAndLeaksElsewhere");
        assertTrue(elsewhere.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 still open at the end "
                + "of the test from " + SourceLines.frame(AllowSample.class, "warmsTheCacheAndLeaksElsewhere", "// leak-line:elsewhere")
                + "\n"), elsewhere);
        assertFalse(elsewhere.contains("WarmCache"), elsewhere);

        SampleRun byParameter = SampleRun.of(AllowSample.class, "conntrack.junit.allow", "com.acme.Other.method, io.conntrack.junit.samples.WarmCache.warm");
        assertTrue(byParameter.passed("warmsTheCache"), byParameter.describe());
        assertFalse(byParameter.passed("warmsTheCacheAndLeaksElsewhere"));
    }

    @Test
    void aGracePeriodWaitsForConnectionsClosedAsynchronously() {
        SampleRun run = SampleRun.of(GraceSample.class);
        assertTrue(run.passed("closedWithinTheGracePeriod"), run.describe());
        String late = run.failure("closedAfterTheGracePeriod");
        assertTrue(late.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 still open at the end "
                + "of the test from " + SourceLines.frame(GraceSample.class, "closedAfterTheGracePeriod", "// leak-line:late")), late);
    }

    @Test
    void threadsTheTestStartsCountThreadsThatExistedBeforeDoNot() {
        SampleRun run = SampleRun.of(ThreadsSample.class);
        String child = run.failure("leaksOnAThreadItStarts");
        assertTrue(child.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 still open at the end "
                + "of the test from io.conntrack.junit.samples.ThreadsSample.lambda$leaksOnAThreadItStarts$"), child);
        assertTrue(child.contains("(ThreadsSample.java:" + SourceLines.lineOf(ThreadsSample.class, "// leak-line:child") + ")\n"), child);
        assertTrue(child.contains("acquired on thread \"started-by-the-test\""), child);
        assertTrue(run.passed("leaksOnAThreadThatExistedBefore"), "a documented limit: " + run.describe());

        SampleRun all = SampleRun.of(ThreadsSample.class, "conntrack.junit.allThreads", "true");
        String existing = all.failure("leaksOnAThreadThatExistedBefore");
        assertTrue(existing.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 still open at the end "
                + "of the test from io.conntrack.junit.samples.ThreadsSample.lambda$leaksOnAThreadThatExistedBefore$"), existing);
        assertTrue(existing.contains("(ThreadsSample.java:" + SourceLines.lineOf(ThreadsSample.class, "// leak-line:existing") + ")\n"), existing);
        assertTrue(existing.contains("acquired on thread \"existing-worker\""), existing);
        assertTrue(existing.contains("\n    at java.sql.DriverManager.getConnection("), "the stack, also on a thread in no scope: " + existing);
        assertFalse(all.passed("leaksOnAThreadItStarts"));
    }

    @Test
    void autoDetectionRegistersTheExtensionForEveryTest() {
        assertTrue(SampleRun.of(AutoDetectedSample.class).passed("leaks"), "not registered without auto-detection");
        String message = SampleRun.of(AutoDetectedSample.class, "junit.jupiter.extensions.autodetection.enabled", "true")
                .failure("leaks");
        assertTrue(message.contains(" from " + SourceLines.frame(AutoDetectedSample.class, "leaks", "// leak-line:auto")), message);
    }

    @Test
    void registeredByAnnotationAndAutoDetectionItChecksOnce() {
        SampleRun run = SampleRun.of(LeakingSample.class, "junit.jupiter.extensions.autodetection.enabled", "true",
                "conntrack.junit.warnOnly", "true");
        assertEquals(1, run.entries("leaks").size(), run.reportEntries.toString());
        assertTrue(run.passed("closes"));
    }

    @Test
    void enabledFalseTurnsTheCheckOff() {
        SampleRun run = SampleRun.of(LeakingSample.class, "conntrack.junit.enabled", "false");
        assertTrue(run.passed("leaks"), run.describe());
    }

    @Test
    void aBadParameterIsAConfigurationError() {
        String message = SampleRun.of(LeakingSample.class, "conntrack.junit.grace", "soon").failure("closes");
        assertEquals("conntrack.junit.grace must be a duration such as 0, 500ms or 2s, not 'soon'", message);
    }
}
