package io.conntrack.reporting;

import static io.conntrack.tracking.TestSnapshots.callsite;
import static io.conntrack.tracking.TestSnapshots.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.FakeJdbc;
import io.conntrack.config.Config;
import io.conntrack.config.ConfigParser;
import io.conntrack.testsupport.SourceLines;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.ManualClock;
import io.conntrack.tracking.PoolHooks;
import io.conntrack.tracking.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CallsiteRankingTest {

    private static final String POOL = "com.zaxxer.hikari.pool.PoolBase.newConnection(PoolBase.java:373)";
    private static final String LEAKER = "com.acme.ReportDao.load(ReportDao.java:31)";
    private static final String BIG_LEAKER = "com.acme.ExportDao.run(ExportDao.java:9)";
    private static final String OVER_LIMIT = "com.acme.BatchDao.fill(BatchDao.java:12)";
    private static final String HELD = "com.acme.OrderDao.pay(OrderDao.java:38)";
    private static final String BUSY = "com.acme.ListDao.list(ListDao.java:25)";
    private static final String QUIET = "com.acme.ListDao.count(ListDao.java:40)";

    private static List<String> frames(List<CallsiteSnapshot> sites) {
        return sites.stream().map(c -> c.callsite).collect(Collectors.toList());
    }

    @Test
    void leakedBeatsOverLimitBeatsHeldPastThresholdBeatsOpen() {
        List<CallsiteSnapshot> sites = new ArrayList<>(Arrays.asList(
                pool(POOL, 10),
                callsite(BUSY, 3, 0),
                callsite(QUIET, 0, 0),
                callsite(HELD, 1, 0),
                callsite(OVER_LIMIT, 4, 0),
                callsite(LEAKER, 0, 1),
                callsite(BIG_LEAKER, 0, 5)));
        for (int shuffle = 0; shuffle < 20; shuffle++) {
            Collections.shuffle(sites, new java.util.Random(shuffle));
            CallsiteRanking r = CallsiteRanking.of(sites, 3, Set.of(HELD));
            assertEquals(List.of(BIG_LEAKER, LEAKER, OVER_LIMIT, HELD, BUSY, QUIET), frames(r.application),
                    "most leaked, then over limit (4 > 3), then held past holdThreshold, then by open, whatever the input order");
            assertEquals(List.of(POOL), frames(r.pool));
            assertEquals(BIG_LEAKER, r.top().callsite);
            assertEquals(List.of(BIG_LEAKER, LEAKER, OVER_LIMIT, HELD, BUSY, QUIET, POOL), frames(r.all()));
        }
    }

    @Test
    void eachRuleOnlyOrdersWhatTheRulesBeforeItLeaveEqual() {
        // a leak outranks any number of open connections, over limit or held
        CallsiteRanking r = CallsiteRanking.of(List.of(callsite(OVER_LIMIT, 50, 0), callsite(HELD, 1, 0),
                callsite(LEAKER, 0, 1)), 10, Set.of(HELD));
        assertEquals(List.of(LEAKER, OVER_LIMIT, HELD), frames(r.application));
        // over limit outranks held past holdThreshold, even with fewer open connections
        r = CallsiteRanking.of(List.of(callsite(HELD, 9, 0), callsite(OVER_LIMIT, 3, 0)), 2, Set.of(HELD));
        assertEquals(List.of(HELD, OVER_LIMIT), frames(r.application), "HELD has 9 > 2 too: both over limit, then held");
        r = CallsiteRanking.of(List.of(callsite(BUSY, 9, 0), callsite(OVER_LIMIT, 3, 0), callsite(HELD, 1, 0)), 8,
                Set.of(HELD));
        assertEquals(List.of(BUSY, HELD, OVER_LIMIT), frames(r.application));
        assertTrue(r.overLimit(r.application.get(0)));
        assertTrue(r.heldTooLong(r.application.get(1)));
        assertFalse(r.overLimit(r.application.get(2)));
        // held past holdThreshold outranks a busier callsite
        r = CallsiteRanking.of(List.of(callsite(BUSY, 4, 0), callsite(HELD, 1, 0)), 100, Set.of(HELD));
        assertEquals(List.of(HELD, BUSY), frames(r.application));
        // with nothing wrong: by open, then by name
        r = CallsiteRanking.of(List.of(callsite(BUSY, 1, 0), callsite(QUIET, 1, 0), callsite(HELD, 2, 0)), 100, Set.of());
        assertEquals(List.of(HELD, QUIET, BUSY), frames(r.application), "ListDao.count before ListDao.list");
    }

    @Test
    void poolOwnedCallsitesAreNeverInTheApplicationList() {
        CallsiteRanking r = CallsiteRanking.of(List.of(pool(POOL, 10), callsite(BUSY, 1, 0),
                pool("[pool] connections opened inside a getConnection() call", 50)), 2, Set.of(POOL));
        assertEquals(List.of(BUSY), frames(r.application));
        assertEquals(List.of("[pool] connections opened inside a getConnection() call", POOL), frames(r.pool),
                "pool-owned ones ranked among themselves, by open");
        for (CallsiteSnapshot p : r.pool) {
            assertFalse(r.overLimit(p), "limit is about application code");
            assertFalse(r.heldTooLong(p), "a pool holds its own connections for ever");
        }
        assertEquals(BUSY, r.top().callsite);

        CallsiteRanking onlyPool = CallsiteRanking.of(List.of(pool(POOL, 10)), 2, Set.of());
        assertEquals(List.of(), onlyPool.application);
        assertNull(onlyPool.top(), "the pool's own connections are never the top callsite");
        assertNull(CallsiteRanking.of(List.of(callsite(QUIET, 0, 0)), 2, Set.of()).top(), "nothing held or leaked");
    }

    /** The dump of a real tracker: a held connection and a pool-owned one, split and ranked. */
    @Test
    void dumpsRankFromTheTrackerAndItsOpenConnections() throws Exception {
        Config config = ConfigParser.parse("holdThreshold=50ms", new Properties());
        ManualClock clock = new ManualClock();
        Tracker t = new Tracker(config, message -> {
            throw new AssertionError(message);
        }, PoolHooks.NONE, clock);
        Object held = FakeJdbc.held(t);
        FakeJdbc.closedAfterUse(t);
        FakeJdbc.closedAfterUse(t);
        Object[] pooled = FakeJdbc.pooled(t); // a borrow that opens a physical connection inside
        t.closed(pooled[0]);
        String heldFrame = SourceLines.frame(FakeJdbc.class, "held", "// HELD");

        CallsiteRanking before = CallsiteRanking.of(t.snapshot(), t.openRecords(), config, clock.nanoTime());
        assertEquals(heldFrame, before.application.get(0).callsite, "open 1 before open 0");
        assertFalse(before.heldTooLong(before.application.get(0)), "not held for 50 ms yet");
        assertEquals(List.of("[pool] connections opened inside a getConnection() call"), frames(before.pool));
        assertEquals(3, before.application.size(), "the held line, the closed one and the borrow: " + frames(before.application));
        clock.advanceMillis(80);
        CallsiteRanking after = CallsiteRanking.of(t.snapshot(), t.openRecords(), config, clock.nanoTime());
        assertTrue(after.heldTooLong(after.application.get(0)));
        assertFalse(after.heldTooLong(after.pool.get(0)));

        Dump d = new Dump.Builder(t.snapshot(), t.openRecords(), config, clock.nanoTime())
                .trigger(new Trigger(Trigger.Type.ON_DEMAND, "x", null, 0, 0)).build();
        assertEquals(heldFrame, d.topCallsite().callsite);
        t.closed(held);
        t.closed(pooled[1]);
    }
}
