package com.acme.pools;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Pool-like classes with the getters the generic reader knows, some of them hostile (outside io.conntrack, as a pool is). */
public final class HostilePools {

    private HostilePools() {
    }

    public static class HealthyPool {
        private final String name;

        public HealthyPool(String name) {
            this.name = name;
        }

        public String getPoolName() {
            return name;
        }

        public int getMaximumPoolSize() {
            return 10;
        }

        public int getActiveConnections() {
            return 3;
        }
    }

    /** Its active-count getter blocks until the test ends: a congested pool's synchronized getter. */
    public static class HangingPool extends HealthyPool {
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger calls = new AtomicInteger();

        public void release() {
            release.countDown();
        }

        public int calls() {
            return calls.get();
        }

        public HangingPool() {
            super(null);
        }

        @Override
        public int getActiveConnections() {
            calls.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    public static class SlowOncePool extends HealthyPool {
        private final long sleepMillis;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile boolean returned;

        public boolean returned() {
            return returned;
        }

        public SlowOncePool(long sleepMillis) {
            super("slow");
            this.sleepMillis = sleepMillis;
        }

        @Override
        public int getActiveConnections() {
            if (calls.getAndIncrement() == 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                returned = true;
            }
            return 4;
        }
    }

    public static class ThrowingPool extends HealthyPool {
        public ThrowingPool() {
            super("throwing");
        }

        @Override
        public int getActiveConnections() {
            throw new IllegalStateException("cannot reach jdbc:postgresql://db/app?user=admin&password=S3cr3tPassw0rd!\nforged line");
        }
    }
}
