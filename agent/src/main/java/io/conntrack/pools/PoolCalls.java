package io.conntrack.pools;

import io.conntrack.tracking.Frames;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs every call ConnTrack makes into a pool's own code (its reader's getters and whatever they reach:
 * the pool's MBean, an exception's {@code toString}) on worker threads, with a time bound. A pool that
 * hangs (a congested pool's synchronized getter, a dead network share) so never holds up the monitor,
 * a dump, a scrape, the application's calls into ConnTrack or the JVM's exit.
 *
 * <ul>
 * <li>At most one call per pool is in flight; a request while one runs shares it.</li>
 * <li>A caller waits at most {@link #TIMEOUT_MILLIS} (the monitor does not wait at all).</li>
 * <li>A request that gets no answer in time is a strike (one a round at most); {@link #MAX_STRIKES} in a
 *     row switch calls into that pool off for good, with one log line naming the pool, the method and
 *     what happened.</li>
 * <li>Workers are daemon threads that hold none of the agent's locks while they call: a stuck worker
 *     blocks nothing else, and another worker takes over the calls queued behind it.</li>
 * </ul>
 */
final class PoolCalls {

    static final long TIMEOUT_MILLIS = 200;
    static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
    static final int MAX_STRIKES = 3;
    /** Strikes count at most once in this long (a monitor round): so three take about three seconds of silence. */
    static final long STRIKE_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(900);
    /** A worker in one call this long is taken for stuck: another one starts for the calls queued behind it. */
    private static final long STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Workers at most, stuck ones included; past that a pool is not read until one comes back. */
    static final int MAX_WORKERS = 8;
    private static final long IDLE_SECONDS = 30;
    /** How often a waiting caller looks whether the workers are stuck. */
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final ThreadLocal<Call<?>> CURRENT = new ThreadLocal<>();

    /** What a call does with the pool (held strongly only while it runs). */
    interface Task<T> {
        T run(Object pool) throws Exception;
    }

    private final LinkedBlockingQueue<Call<?>> queue = new LinkedBlockingQueue<>();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final AtomicInteger workerNames = new AtomicInteger();
    private final Consumer<String> log;

    PoolCalls(Consumer<String> log) {
        this.log = log;
    }

    /**
     * Starts {@code task} on pool {@code e} unless a call into it is in flight (that one is returned
     * instead, if it is of the same kind), or calls into it are off. Never blocks. {@code done}, if not
     * null, is run by the worker with the result when the call returns.
     */
    <T> Call<T> start(PoolEntry e, String what, Task<T> task, Consumer<T> done) {
        PoolEntry.Lane lane = e.lane();
        Call<T> c;
        synchronized (lane) {
            if (lane.off != null) {
                return Call.refused(e, what, lane.off);
            }
            Call<?> running = lane.inFlight;
            if (running != null && !running.isDone()) {
                long busy = running.busyNanos(System.nanoTime());
                if (busy < TIMEOUT_NANOS && running.what.equals(what)) {
                    @SuppressWarnings("unchecked")
                    Call<T> shared = (Call<T>) running;
                    return shared;
                }
                String problem = running.isStarted()
                        ? "still in its previous call " + running.describeMethod() + " after " + millis(busy) + " ms"
                        : "its previous call is still waiting for a worker";
                if (running.isStarted() && busy >= TIMEOUT_NANOS) {
                    strike(e, lane, running); // every request that finds it stuck: one a round while it hangs
                }
                return Call.refused(e, what, lane.off != null ? lane.off : problem);
            }
            c = new Call<>(e, what, task, done);
            lane.inFlight = c;
        }
        queue.add(c);
        ensureWorker();
        return c;
    }

    /**
     * Waits for {@code c} until {@code deadlineNanos}; a call that started and did not answer by then
     * is a strike for its pool. Returns whether it answered.
     */
    boolean await(Call<?> c, long deadlineNanos) {
        try {
            long left;
            while (!c.isDone() && (left = deadlineNanos - System.nanoTime()) > 0) {
                c.latch.await(Math.min(left, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
                ensureWorker(); // the worker in front of it may be stuck in another pool
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        if (c.isDone()) {
            return true;
        }
        if (c.isStarted()) {
            PoolEntry.Lane lane = c.entry.lane();
            synchronized (lane) {
                if (c.struck.compareAndSet(false, true)) { // several callers waiting for one call: one strike
                    strike(c.entry, lane, c);
                }
            }
        }
        return false;
    }

    /** Caller holds the lane's lock. A request for {@code e} got no answer in time from call {@code c}. */
    private void strike(PoolEntry e, PoolEntry.Lane lane, Call<?> c) {
        c.struck.set(true);
        long now = System.nanoTime();
        if (lane.off != null || lane.strikes > 0 && now - lane.lastStrikeNanos < STRIKE_SPACING_NANOS) {
            return; // one strike a round: a burst of requests (a scrape, a dump, the monitor) is one
        }
        lane.lastStrikeNanos = now;
        lane.strikes++;
        if (lane.strikes >= MAX_STRIKES) {
            lane.off = "calls into it are off: " + c.describeMethod() + " did not answer within " + TIMEOUT_MILLIS
                    + " ms " + lane.strikes + " times in a row";
            log.accept("pool " + e.label() + ": " + c.describeMethod() + " did not answer within " + TIMEOUT_MILLIS + " ms "
                    + lane.strikes + " times in a row (the last call still running after " + millis(c.busyNanos(System.nanoTime()))
                    + " ms" + c.stuckAt() + "); ConnTrack no longer calls into this pool and shows its own numbers for it"
                    + " (tracking goes on)");
        }
    }

    private void answered(Call<?> c) {
        PoolEntry.Lane lane = c.entry.lane();
        synchronized (lane) {
            if (lane.inFlight == c) {
                lane.inFlight = null;
            }
            if (c.busyNanos(System.nanoTime()) < TIMEOUT_NANOS && !c.struck.get()) {
                lane.strikes = 0; // "in a row"
            }
        }
    }

    /**
     * Starts workers when every live one has been in its call for a while (or none lives) and calls
     * wait: as many as calls wait (up to {@link #MAX_WORKERS}), since each of them may hang as well.
     */
    private void ensureWorker() {
        if (queue.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Worker w : workers) {
            Call<?> c = w.current;
            if (c == null || now - c.startedNanos < STUCK_NANOS) {
                return; // free, or about to be
            }
        }
        synchronized (workers) {
            for (int n = Math.min(queue.size(), MAX_WORKERS - workers.size()); n > 0; n--) {
                Worker w = new Worker();
                Thread t = new Thread(w, "conntrack-pool-calls-" + workerNames.incrementAndGet());
                t.setDaemon(true);
                t.setPriority(Thread.NORM_PRIORITY - 1);
                workers.add(w);
                t.start();
            }
        }
    }

    /** Workers alive now, stuck ones included (for tests and the agent's counters). */
    int workers() {
        return workers.size();
    }

    private final class Worker implements Runnable {
        volatile Call<?> current;

        @Override
        public void run() {
            try {
                while (true) {
                    Call<?> c = queue.poll(IDLE_SECONDS, TimeUnit.SECONDS);
                    if (c == null) {
                        synchronized (workers) {
                            if (queue.isEmpty()) {
                                workers.remove(this);
                                return;
                            }
                        }
                        continue;
                    }
                    current = c;
                    c.startedNanos = System.nanoTime();
                    c.thread = Thread.currentThread();
                    CURRENT.set(c);
                    try {
                        c.run();
                    } finally {
                        CURRENT.remove();
                        current = null;
                        answered(c);
                    }
                }
            } catch (InterruptedException e) {
                workers.remove(this); // nobody interrupts these; if someone does, the next request starts another
            }
        }
    }

    /** Notes the pool method the current call is in (by {@link PoolReader#call}), for what a stuck call says. */
    static void calling(Object target, String method) {
        Call<?> c = CURRENT.get();
        if (c != null) {
            c.method = simpleName(target.getClass().getName()) + "." + method + "()";
        }
    }

    static String simpleName(String className) {
        int i = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return className.substring(i + 1);
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** One call into one pool. */
    static final class Call<T> {
        final PoolEntry entry;
        final String what;
        private final Task<T> task;
        private final Consumer<T> done;
        final CountDownLatch latch = new CountDownLatch(1);
        /** Why the call was not made, or null. */
        final String refused;
        volatile long startedNanos;
        volatile Thread thread;
        /** The pool method the call is in now ({@link #calling}). */
        volatile String method;
        private volatile T result;
        private volatile Throwable failure;
        final java.util.concurrent.atomic.AtomicBoolean struck = new java.util.concurrent.atomic.AtomicBoolean();

        private Call(PoolEntry entry, String what, Task<T> task, Consumer<T> done) {
            this.entry = entry;
            this.what = what;
            this.task = task;
            this.done = done;
            this.refused = null;
        }

        private Call(PoolEntry entry, String what, String refused) {
            this.entry = entry;
            this.what = what;
            this.task = null;
            this.done = null;
            this.refused = refused;
            latch.countDown();
        }

        static <T> Call<T> refused(PoolEntry e, String what, String why) {
            return new Call<>(e, what, why);
        }

        private void run() {
            try {
                Object pool = entry.get();
                if (pool == null) {
                    failure = new IllegalStateException("pool garbage-collected");
                    return;
                }
                T r = task.run(pool);
                pool = null;
                result = r;
                if (done != null) {
                    done.accept(r);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                latch.countDown();
            }
        }

        boolean isDone() {
            return latch.getCount() == 0;
        }

        /** Whether this call was started for {@code t} (not refused, not another caller's call shared). */
        boolean runs(Task<?> t) {
            return refused == null && task == t;
        }

        boolean isStarted() {
            return startedNanos != 0;
        }

        long busyNanos(long now) {
            return startedNanos == 0 ? 0 : now - startedNanos;
        }

        /** The result once done; null when refused, failed or not done. */
        T result() {
            return isDone() ? result : null;
        }

        /** The throwable the task ended with, or null. Its class only may be shown: its message is the pool's. */
        Throwable failure() {
            return isDone() ? failure : null;
        }

        String describeMethod() {
            String m = method;
            return m != null ? m : simpleName(entry.className) + " (" + what + ")";
        }

        /** Where the stuck worker is now: its first frame outside the JDK and the agent; "" if unknown. */
        String stuckAt() {
            return Frames.whereStuck(thread);
        }
    }
}
