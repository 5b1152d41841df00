package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.config.ConfigParser;
import io.conntrack.reporting.ScopeJson;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Test scopes: which thread's connections count, nesting, leaks, and the report's JSON. */
class ScopesTest {

    private final Tracker tracker;
    private final Scopes scopes;
    private final ExecutorService existing = Executors.newSingleThreadExecutor();

    ScopesTest() throws Exception {
        // stacks=off: a scope keeps the acquiring stack anyway. (This test's own frames, in the agent's
        // package, are skipped like the agent's: the callsite is a JUnit frame; the junit module's tests
        // check callsites and stacks as users see them.)
        tracker = new Tracker(ConfigParser.parse("stacks=off", new Properties()), m -> { });
        scopes = new Scopes(tracker);
        existing.submit(() -> { }).get(); // the pool's thread exists before any scope
    }

    @AfterEach
    void stop() {
        existing.shutdownNow();
    }

    private Object acquire() {
        Object connection = new Object();
        long token = tracker.acquireEnter(this);
        tracker.acquireExit(token, Bridge.KIND_DATASOURCE, connection, null);
        return connection;
    }

    private List<ConnectionRecord> records(long scope) {
        Scopes.Report r = scopes.report(scope);
        assertNotNull(r, "scope " + scope + " is active");
        return r.records;
    }

    @Test
    void onlyTheScopesThreadAndThreadsItStartsCount() throws Exception {
        Object before = acquire();
        long scope = scopes.begin("t1", false);
        assertTrue(scope > 0);
        Object mine = acquire();
        Object onExisting = existing.submit(this::acquire).get();
        AtomicReference<Object> started = new AtomicReference<>();
        Thread child = new Thread(() -> started.set(acquire()));
        child.start();
        child.join();

        List<ConnectionRecord> open = records(scope);
        assertEquals(2, open.size(), "this thread's and its child's, not the pool thread's nor the earlier one");
        assertSame(mine, open.get(0).get());
        assertSame(started.get(), open.get(1).get());
        assertEquals(child.getName(), open.get(1).threadName());
        assertTrue(open.get(0).stack().length > 0, "stacks=off, yet a scope keeps the acquiring stack");
        assertNull(scopes.report(scope + 1000), "no such scope");

        tracker.closed(mine);
        tracker.closed(started.get());
        Scopes.Report end = scopes.end(scope);
        assertEquals(0, end.records.size());
        assertNull(scopes.report(scope), "ended");
        assertNull(scopes.end(scope), "ended once");
        Object after = acquire();
        assertEquals(0, tracker.threadContext().scope, "the thread left the scope");
        assertEquals(0, scopes.activeCount());
        tracker.closed(before);
        tracker.closed(onExisting);
        tracker.closed(after);
    }

    @Test
    void scopesNestPerThreadAndRunSideBySideOnOthers() throws Exception {
        long outer = scopes.begin("outer", false);
        long inner = scopes.begin("inner", false);
        Object a = acquire();
        assertEquals(1, records(inner).size());
        assertEquals(0, records(outer).size());
        scopes.end(inner);
        Object b = acquire();
        assertEquals(List.of(b), referents(records(outer)));

        CountDownLatch acquired = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        AtomicReference<Long> otherScope = new AtomicReference<>();
        Thread other = new Thread(() -> {
            long s = scopes.begin("other", false);
            otherScope.set(s);
            Object c = acquire();
            acquired.countDown();
            try {
                checked.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tracker.closed(c);
            scopes.end(s);
        });
        other.start();
        assertTrue(acquired.await(10, TimeUnit.SECONDS));
        assertEquals(1, records(otherScope.get()).size());
        assertEquals(List.of(b), referents(records(outer)), "the other thread's scope is not this one's");
        checked.countDown();
        other.join();
        tracker.closed(a);
        tracker.closed(b);
        scopes.end(outer);
    }

    @Test
    void aConnectionCollectedUnclosedIsReportedLeakedEvenAfterTheSweep() throws Exception {
        long scope = scopes.begin("leaks", false);
        WeakReference<Object> gone = new WeakReference<>(acquire());
        for (int i = 0; i < 100 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(gone.get(), "the GC collected the connection");
        String before = ScopeJson.render(scopes.report(scope));
        assertTrue(before.contains("\"state\":\"leaked\""), "collected, not yet counted: " + before);

        tracker.housekeeper().processCollected(1000);
        tracker.housekeeper().sweep();
        Scopes.Report r = scopes.end(scope);
        assertEquals(1, r.records.size());
        assertTrue(r.records.get(0).isLeaked());
        String json = ScopeJson.render(r);
        assertTrue(json.startsWith("{\"format\":\"conntrack-scope/1\",\"scope\":" + scope + ",\"name\":\"leaks\",\"ended\":true,"), json);
        assertTrue(json.contains("\"connections\":[{\"state\":\"leaked\",\"callsite\":\"org.junit."), json);
        assertTrue(json.contains(",\"thread\":\"" + Thread.currentThread().getName() + "\","), json);
        assertTrue(json.contains(",\"stack\":[\""), json);
        assertTrue(json.endsWith(",\"open\":0,\"leaked\":1}"), json);
    }

    @Test
    void poolOwnedConnectionsNeverCount() throws Exception {
        long scope = scopes.begin("pool", false);
        Object physical = new Object();
        Object handle = new Object();
        long outer = tracker.acquireEnter(this);
        long nested = tracker.acquireEnter(physical);
        tracker.acquireExit(nested, Bridge.KIND_DRIVER, physical, null); // a driver connection opened inside a borrow
        tracker.acquireExit(outer, Bridge.KIND_DATASOURCE, handle, null);
        assertEquals(List.of(handle), referents(records(scope)));
        tracker.closed(handle);
        assertEquals(0, scopes.end(scope).records.size());
        tracker.closed(physical);
    }

    @Test
    void aScopeForAllThreadsAlsoTakesThreadsInNoOtherScope() throws Exception {
        Object before = existing.submit(this::acquire).get();
        long all = scopes.begin("all", true);
        Object onExisting = existing.submit(this::acquire).get();
        CountDownLatch acquired = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        AtomicReference<Object> inOther = new AtomicReference<>();
        Thread other = new Thread(() -> {
            long s = scopes.begin("other", false);
            inOther.set(acquire());
            acquired.countDown();
            try {
                checked.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scopes.end(s);
        });
        other.start();
        assertTrue(acquired.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(onExisting), referents(records(all)),
                "the pool thread's, acquired after the start; not the one before, nor the other scope's");
        assertNotNull(records(all).get(0).stack(), "stacks=off, yet kept while a scope watches all threads");
        checked.countDown();
        other.join();
        assertEquals(List.of(onExisting, inOther.get()), referents(records(all)), "the other scope ended: its leftovers count");

        WeakReference<Object> gone = new WeakReference<>(existing.submit(this::acquire).get());
        for (int i = 0; i < 100 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(gone.get());
        tracker.housekeeper().processCollected(1000);
        tracker.housekeeper().sweep();
        Scopes.Report r = scopes.end(all);
        assertEquals(3, r.records.size(), "the leaked one too, after the sweep");
        assertTrue(r.records.get(2).isLeaked());
        tracker.closed(before);
        tracker.closed(onExisting);
        tracker.closed(inOther.get());
    }

    private static List<Object> referents(List<ConnectionRecord> records) {
        List<Object> out = new ArrayList<>();
        for (ConnectionRecord r : records) {
            out.add(r.get());
        }
        return out;
    }
}
