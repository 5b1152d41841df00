package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.tracking.Jdbc;
import io.conntrack.config.ConfigParser;
import io.conntrack.testsupport.SourceLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The acquire and close rules, in this JVM: the tracker driven the way woven code drives it ({@link Jdbc}). */
class TrackerTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> log = new ArrayList<>();

    private Tracker tracker(String options) throws Exception {
        return new Tracker(ConfigParser.parse(options, new Properties()), log::add, PoolHooks.NONE, clock);
    }

    private static CallsiteSnapshot site(Tracker t, String method, String marker) {
        String frame = SourceLines.frame(Jdbc.class, method, marker);
        CallsiteSnapshot s = t.snapshot().callsite(frame);
        assertNotNull(s, frame + " in " + t.snapshot().callsites);
        return s;
    }

    @Test
    void aBorrowCountsOnceAtItsLineAndItsCloseOnce() throws Exception {
        Tracker t = tracker("");
        Object c = Jdbc.borrow(t);
        clock.advanceMillis(7);
        t.closed(c);
        t.closed(c); // a second close counts nothing
        CallsiteSnapshot s = site(t, "borrow", "// BORROW");
        assertEquals(1, s.acquired);
        assertEquals(1, s.closed);
        assertEquals(0, s.open);
        assertEquals(7_000_000, s.holdMaxNanos);
        assertEquals(0, t.applicationOpen());
    }

    @Test
    void aWrapperOverAPoolIsOneAcquisitionAtTheLineThatCalledTheWrapper() throws Exception {
        Tracker t = tracker("");
        Object c = Jdbc.throughWrapper(t);
        assertEquals(1, site(t, "throughWrapper", "// THROUGH-WRAPPER").open);
        assertEquals(1, t.snapshot().application.acquired, "the pool's nested getConnection() is not a second one");
        t.closed(c);
        assertEquals(0, t.snapshot().application.open);
    }

    @Test
    void aPhysicalConnectionOpenedInsideABorrowIsPoolOwned() throws Exception {
        Tracker t = tracker("");
        Object[] c = Jdbc.borrowOpeningPhysical(t);
        Snapshot s = t.snapshot();
        assertEquals(1, s.application.open);
        assertEquals(1, s.pool.open);
        t.closed(c[0]);
        assertEquals(0, t.snapshot().application.open);
        assertEquals(1, t.snapshot().pool.open, "the pool keeps its physical connection");
    }

    /** c3p0 takes a handle on a physical connection at every check-in: not one more physical connection (issue 29). */
    @Test
    void aHandleAPoolTakesOnItsOwnPhysicalConnectionIsNotCounted() throws Exception {
        Tracker t = tracker("");
        Object[] c = Jdbc.borrowOpeningPhysical(t);
        t.closed(c[0]);
        for (int i = 0; i < 3; i++) {
            t.closed(com.mchange.v2.conntracktest.PoolCheckin.takeHandle(t, c[1]));
        }
        Object held = com.mchange.v2.conntracktest.PoolCheckin.takeHandle(t, c[1]);
        Snapshot s = t.snapshot();
        assertEquals(1, s.pool.open, "the one physical connection");
        assertEquals(1, s.pool.peak);
        assertEquals(1, s.pool.acquired);
        assertEquals(0, s.application.open);
        assertEquals(1, s.application.acquired);
        assertEquals(null, s.callsite(SourceLines.frame(com.mchange.v2.conntracktest.PoolCheckin.class, "takeHandle", "// CHECKIN-HANDLE")));
        t.closed(held);
        assertEquals(1, t.snapshot().pool.open);
    }

    @Test
    void aConnectionItsPoolTookBackIsEndedAsClosedNotLeaked() throws Exception {
        Tracker t = tracker("");
        Object[] c = Jdbc.borrowOpeningPhysical(t);
        t.closed(c[1]); // the pool evicts the physical connection under the application's proxy
        assertEquals(1, t.applicationOpen(), "ended by the housekeeper, not by the pool's close");
        assertEquals(1, t.housekeeper().endTakenBack());
        assertEquals(0, t.applicationOpen());
        assertEquals(1, site(t, "borrowOpeningPhysical", "// OPENS-PHYSICAL").closed);
        t.closed(c[0]); // the dead proxy's close, later: counts nothing more
        assertEquals(1, site(t, "borrowOpeningPhysical", "// OPENS-PHYSICAL").closed);
    }

    @Test
    void anAcquisitionThatThrowsCountsOneFailure() throws Exception {
        Tracker t = tracker("");
        Jdbc.failing(t);
        CallsiteSnapshot s = site(t, "failing", "// FAILS");
        assertEquals(1, s.failed);
        assertEquals(0, s.acquired);
    }

    @Test
    void driverManagerTryingTheNextDriverIsNoFailureAndCountsAtTheMarkedLine() throws Exception {
        Tracker t = tracker("");
        int mark = t.siteTable().declare(Jdbc.class.getClassLoader(), Jdbc.class.getName(), "driverManager",
                "(Lio/conntrack/tracking/Tracker;I)Ljava/lang/Object;", "Jdbc.java", SourceLines.lineOf(Jdbc.class, "// DRIVER-MANAGER"));
        Object c = Jdbc.driverManager(t, mark);
        CallsiteSnapshot s = site(t, "driverManager", "// DRIVER-MANAGER");
        assertEquals(1, s.acquired);
        assertEquals(0, s.failed, "the first driver's refusal never reached the application");
        t.driverManagerThrew(new IllegalStateException("no suitable driver"), mark);
        assertEquals(1, site(t, "driverManager", "// DRIVER-MANAGER").failed);
        t.closed(c);
    }

    @Test
    void aHoldPastTheThresholdIsToldToListenersOnce() throws Exception {
        Tracker t = tracker("holdThreshold=50ms");
        List<Long> held = new ArrayList<>();
        t.addListener(new TrackerListener() {
            @Override
            public void heldTooLong(ConnectionRecord record, long heldNanos) {
                held.add(heldNanos);
            }
        });
        Object quick = Jdbc.borrow(t);
        clock.advanceMillis(49);
        t.closed(quick);
        Object slow = Jdbc.borrow(t);
        clock.advanceMillis(51);
        assertEquals(1, t.housekeeper().newlyHeldTooLong(true).size());
        assertEquals(0, t.housekeeper().newlyHeldTooLong(true).size(), "reported once");
        t.closed(slow);
        assertEquals(List.of(51_000_000L), held);
    }

    @Test
    void stacksKeptInATestScopeAreCountedSoTheirReleaseBalances() throws Exception {
        Tracker t = tracker("stacks=off");
        Scopes scopes = new Scopes(t);
        long scope = scopes.begin("balance", false);
        Callsite site = null;
        for (int i = 0; i < 10; i++) {
            Object c = Jdbc.borrow(t);
            ConnectionRecord r = t.openRecords().get(0);
            assertTrue(r.hasStack(), "a scope keeps every stack, whatever stacks= says");
            site = r.callsite;
            assertEquals(1, site.stacksHeld());
            t.closed(c);
            assertEquals(0, site.stacksHeld(), "round " + i + ": a release gives back the slot its stack took");
        }
        scopes.end(scope);
        assertEquals(0, site.stacksHeld());
    }

    @Test
    void overLimitAndOverTotalAreHandedToTheMonitorOnceEach() throws Exception {
        Tracker t = tracker("limit=1,totalLimit=2");
        Object a = Jdbc.borrow(t);
        Object b = Jdbc.borrow(t);
        Object c = Jdbc.borrow(t);
        List<Callsite> over = t.housekeeper().takeOverLimit();
        assertEquals(1, over.size());
        assertEquals(SourceLines.frame(Jdbc.class, "borrow", "// BORROW"), over.get(0).frame);
        assertEquals(List.of(), t.housekeeper().takeOverLimit(), "taken");
        assertEquals(3, t.housekeeper().takeOverTotal());
        assertEquals(0, t.housekeeper().takeOverTotal());
        for (Object o : new Object[] {a, b, c}) {
            t.closed(o);
        }
        assertTrue(log.isEmpty(), log.toString());
    }
}
