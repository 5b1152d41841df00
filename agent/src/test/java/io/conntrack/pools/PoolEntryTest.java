package io.conntrack.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolEntryTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final Object pool = new Object();
    private final PoolEntry e = new PoolEntry(1, 1, pool, 0);

    /** Issue 29: a pool that never loses a connection holds no loss ring; one that does gets one as it needs it, 8 KB at most. */
    @Test
    void theLossTimesGrowAsLossesComeUpToTheirBound() {
        assertEquals(0, e.lossCapacity());
        e.lost("a", 0);
        assertEquals(8, e.lossCapacity());
        for (int i = 1; i < 9; i++) {
            e.lost("a", i);
        }
        assertEquals(16, e.lossCapacity());
        for (int i = 9; i < 3000; i++) {
            e.lost("a", i);
        }
        assertEquals(PoolEntry.LOSS_TIMES, e.lossCapacity());
        assertEquals(3000, e.lost());
        assertEquals(PoolEntry.LOSS_TIMES, e.lostRecently(3000), "the last 1,024 are kept");
    }

    @Test
    void onlyLossesWithinTheWindowCountAcrossGrowth() {
        for (int i = 0; i < 10; i++) {
            e.lost("old", i);
        }
        for (int i = 0; i < 10; i++) {
            e.lost("new", 6 * MINUTE + i); // the ring grew from 8 to 16 to 32 in between
        }
        assertEquals(10, e.lostRecently(6 * MINUTE + 10), "the first ten are older than 5 minutes");
        assertEquals(20, e.lostRecently(5 * MINUTE));
        assertEquals(20, e.lost());
    }
}
