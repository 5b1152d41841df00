package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.FakeJdbc;
import io.conntrack.pools.TestPools;
import io.conntrack.config.ConfigParser;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Tracker;
import io.conntrack.tracking.TrackerListener;
import java.util.Properties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's upkeep (the reference queue of garbage-collected connections, sweeps, hold checks)
 * never stops, whatever a task, a dump or a dump listener throws; each failing feature says so once.
 */
class MonitorUpkeepTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Monitor monitor;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        if (monitor != null) {
            monitor.stop(1000);
        }
        System.setErr(originalErr);
    }

    /** Thrown by the tests: even printing it fails, as a careless third-party exception's might. */
    static final class Unprintable extends RuntimeException {
        Unprintable() {
            super(null, null, false, false);
        }

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage() failed too");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString() failed too");
        }
    }

    private Tracker start(String options) throws Exception {
        Tracker t = TestDumps.tracker("dumpDir=" + tmp + (options.isEmpty() ? "" : "," + options));
        monitor = new Monitor(t, TestPools.watch(t), t.config(), Map::of);
        t.addListener(monitor);
        monitor.start();
        return t;
    }

    @Test
    void garbageCollectedConnectionsAreStillCountedAfterAReporterFailedBadly() throws Exception {
        Tracker t = new Tracker(ConfigParser.parse("dumpDir=" + tmp, new Properties()), Log::error);
        monitor = new Monitor(t, TestPools.watch(t), t.config(), Map::of);
        t.addListener(new TrackerListener() {
            @Override
            public void leaked(ConnectionRecord record, long ageNanos) {
                throw new Unprintable();
            }
        });
        t.addListener(monitor);
        monitor.start();
        leakOne(t);
        awaitLeaks(t, 1);
        leakOne(t);
        awaitLeaks(t, 2);
        assertEquals(2, t.applicationLeaked(), "the reference queue is still drained\n" + err);
        List<String> errors = awaitErrors(1);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("reporter " + MonitorUpkeepTest.class.getName() + "$1 failed and is now off")
                && errors.get(0).contains("its message could not be read"), errors.toString());
    }

    @Test
    void dumpsAndUpkeepGoOnAfterADumpListenerFailedBadly() throws Exception {
        Tracker t = start("");
        monitor.addDumpListener((dump, file) -> {
            throw new Unprintable();
        });
        Object held = FakeJdbc.held(t);
        assertNotNull(monitor.dump(new Trigger(Trigger.Type.ON_DEMAND, "first", null, 0, 0)), err.toString());
        assertNotNull(monitor.dump(new Trigger(Trigger.Type.ON_DEMAND, "second", null, 0, 0)),
                "a failing listener does not switch dumps off\n" + err);
        leakOne(t);
        awaitLeaks(t, 1);
        assertEquals(1, t.applicationLeaked(), err.toString());
        assertEquals(1, errors().size(), "one line for the listener, none for the dumps\n" + err);
        assertNotNull(held);
    }

    @Test
    void upkeepGoesOnWhileADumpHangs() throws Exception {
        Tracker t = start("limit=1,dumpInterval=0ms");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        monitor.addDumpListener((dump, file) -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Object a = FakeJdbc.held(t);
        Object b = FakeJdbc.held(t); // over limit=1: the monitor asks for a dump, whose listener hangs
        assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS), "no limit dump\n" + err);
        leakOne(t);
        awaitLeaks(t, 1);
        release.countDown();
        assertEquals(1, t.applicationLeaked(), "upkeep is not held up by a dump\n" + err);
        assertNotNull(a);
        assertNotNull(b);
    }

    private static void leakOne(Tracker t) {
        FakeJdbc.held(t); // dropped at once
    }

    private static void awaitLeaks(Tracker t, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.applicationLeaked() < n && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
    }

    private List<String> awaitErrors(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (errors().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20); // the monitor logs what the tracker noted in its next round
        }
        return errors();
    }

    private List<String> errors() {
        return new String(err.toByteArray(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("[conntrack] ERROR")).collect(Collectors.toList());
    }
}
