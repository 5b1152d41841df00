package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OpenGaugeTest {

    @Test
    void countsOpensAndClosesAndKeepsThePeakUntilReset() {
        OpenGauge g = new OpenGauge();
        assertEquals(1, g.opened());
        assertEquals(2, g.opened());
        assertEquals(3, g.opened());
        g.closed();
        g.closed();
        assertEquals(1, g.open());
        assertEquals(3, g.peak());
        g.resetPeak();
        assertEquals(1, g.peak(), "reset to what is open now");
        assertEquals(2, g.opened());
        assertEquals(2, g.peak());
    }

    /**
     * 16 threads pass 4 permits from one to the next as a pool hands on its connections, counting each
     * permit held as one open: the peak never passes 4. A single up-and-down adder read 5 and 6 here
     * (summing cells read at different times counts a permit in the hands of two threads).
     */
    @Test
    void neverReadsMoreThanWasOpenAtOnce() throws Exception {
        OpenGauge g = new OpenGauge();
        int permits = 4;
        int threads = 16;
        int rounds = 400_000;
        Semaphore pool = new Semaphore(permits);
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Long> tooMany = new AtomicReference<>();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < rounds; i++) {
                        pool.acquire();
                        long open = g.opened();
                        if (open > permits) {
                            tooMany.compareAndSet(null, open);
                        }
                        g.closed();
                        pool.release();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            th.start();
            all.add(th);
        }
        for (Thread th : all) {
            th.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertEquals(null, failure.get());
        assertEquals(null, tooMany.get(), "read more open than permits");
        assertTrue(g.peak() <= permits, "peak " + g.peak());
        assertTrue(g.peak() >= 1);
        assertEquals(0, g.open());
    }
}
