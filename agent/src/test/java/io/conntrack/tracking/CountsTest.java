package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.dumps.FakeJdbc;
import io.conntrack.bootstrap.Bridge;
import io.conntrack.config.ConfigParser;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Counts that say what they mean. */
class CountsTest {

    private static Tracker tracker() throws Exception {
        return new Tracker(ConfigParser.parse("", new Properties()), m -> { });
    }

    @Test
    void thePoolPeakIsTheMostPoolOwnedConnectionsOpenAtOnceNotTheCurrentCount() throws Exception {
        Tracker t = tracker();
        Object[] a = FakeJdbc.borrowNew(t);
        Object[] b = FakeJdbc.borrowNew(t);
        assertEquals(2, t.snapshot().pool.open);
        t.closed(a[1]);
        t.closed(b[1]); // the pool closed both physical connections
        Snapshot s = t.snapshot();
        assertEquals(0, s.pool.open);
        assertEquals(2, s.pool.peak, "the highest seen");
        assertEquals(2, s.application.peak);
        t.resetPeaks();
        assertEquals(0, t.snapshot().pool.peak);
    }

    @Test
    void theCallsiteCountIsTheNumberOfCallsitesListed() throws Exception {
        Tracker t = tracker();
        FakeJdbc.closedAfterUse(t);
        // A marked call site whose acquisition returned nothing (a driver that does not take the URL):
        // its callsite exists but never counted anything.
        Object source = new Object();
        int id = t.siteTable().declare(getClass().getClassLoader(), "com.acme.Unused", "open", "()V", "Unused.java", 7);
        t.markSite(source, id);
        long token = t.acquireEnter(source);
        t.acquireExit(token, Bridge.KIND_DRIVER, null, null);
        Snapshot s = t.snapshot();
        assertEquals(1, s.callsites.size(), "only the used callsite is listed");
        assertEquals(s.callsites.size(), s.callsiteCount, "the count says how many are listed");
    }
}
