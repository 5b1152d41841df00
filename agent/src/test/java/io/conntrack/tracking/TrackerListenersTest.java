package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.FakeJdbc;
import io.conntrack.config.ConfigParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A reporter that throws is switched off alone: the others (the monitor among them) go on hearing. */
class TrackerListenersTest {

    private final List<String> messages = new CopyOnWriteArrayList<>();

    private Tracker tracker() throws Exception {
        return new Tracker(ConfigParser.parse("", new Properties()), messages::add);
    }

    private static final class Counting implements TrackerListener {
        final AtomicInteger leaks = new AtomicInteger();
        RuntimeException toThrow;
        Error errorToThrow;

        @Override
        public void leaked(ConnectionRecord record, long ageNanos) {
            leaks.incrementAndGet();
            if (toThrow != null) {
                throw toThrow;
            }
            if (errorToThrow != null) {
                Error e = errorToThrow;
                errorToThrow = null;
                throw e;
            }
        }
    }

    @Test
    void aFailingListenerIsSwitchedOffAloneWhateverItsPlace() throws Exception {
        Tracker t = tracker();
        Counting before = new Counting();
        Counting failing = new Counting();
        Counting after = new Counting();
        failing.toThrow = new IllegalStateException("injected reporter fault");
        t.addListener(before);
        t.addListener(failing);
        t.addListener(after);

        leakAndProcess(t, 1);
        leakAndProcess(t, 2);
        leakAndProcess(t, 3);

        assertEquals(3, before.leaks.get());
        assertEquals(1, failing.leaks.get(), "switched off after its failure");
        assertEquals(3, after.leaks.get(), "the listeners after the failing one still hear every leak");
        t.drainMessages();
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains(Counting.class.getName()) && messages.get(0).contains("injected reporter fault"),
                messages.toString());
    }

    @Test
    void aVirtualMachineErrorInAListenerOnlyDropsThatEvent() throws Exception {
        Tracker t = tracker();
        Counting listener = new Counting();
        listener.errorToThrow = new OutOfMemoryError("injected: the heap was full for a moment");
        t.addListener(listener);
        leakAndProcess(t, 1);
        leakAndProcess(t, 2);
        assertEquals(2, listener.leaks.get(), "still on after an OutOfMemoryError");
    }

    @Test
    void listenersAddedWhileOthersFailAreNeverLost() throws Exception {
        for (int round = 0; round < 20; round++) {
            Tracker t = tracker();
            List<Counting> added = new ArrayList<>();
            Thread adder = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    Counting c = new Counting();
                    added.add(c);
                    t.addListener(c);
                }
            });
            for (int i = 0; i < 50; i++) {
                Counting bad = new Counting();
                bad.toThrow = new IllegalStateException("bad " + i);
                t.addListener(bad);
            }
            adder.start();
            for (int i = 0; i < 50; i++) {
                ConnectionRecord r = record();
                t.listeners.tell((l, rec, n) -> l.leaked(rec, n), r, 0L);
            }
            adder.join();
            ConnectionRecord last = record();
            t.listeners.tell((l, rec, n) -> l.leaked(rec, n), last, 0L);
            for (Counting c : added) {
                assertTrue(c.leaks.get() >= 1, "round " + round + ": a listener added meanwhile was lost");
            }
        }
    }

    private static ConnectionRecord record() {
        return new ConnectionRecord(new Object(), 0, null, new Callsite("test", false), System.nanoTime(),
                Thread.currentThread(), null);
    }

    /** Leaks one connection and waits until the tracker has counted {@code total} leaks. */
    private static void leakAndProcess(Tracker t, long total) throws InterruptedException {
        FakeJdbc.held(t);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.applicationLeaked() < total && System.nanoTime() < deadline) {
            System.gc();
            t.housekeeper().processCollected(50);
        }
        assertEquals(total, t.applicationLeaked());
    }
}
