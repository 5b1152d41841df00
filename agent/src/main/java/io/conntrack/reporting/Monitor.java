package io.conntrack.reporting;

import io.conntrack.config.Config;
import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Failures;
import io.conntrack.tracking.Tracker;
import io.conntrack.tracking.TrackerListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The agent's background work, on two daemon threads. {@code conntrack-monitor} does the upkeep: counts
 * connections the GC found unclosed, unlinks ended records, checks hold times at low frequency, and
 * turns triggers into dump requests, at most one per {@code dumpInterval} (on-demand and exit dumps
 * always). {@code conntrack-dumps}, started with the first dump request, writes them. All I/O happens
 * there, never on an application thread.
 *
 * <p>Upkeep never stops: every step of a round is caught on its own, and a round that fails is followed
 * by the next. A dump that fails, hangs or has a failing listener holds up nothing but dumps. Each
 * failing feature says so in one line; later failures of it are only counted ({@code internalErrors}).
 */
public final class Monitor implements TrackerListener {

    private static final long POLL_MILLIS = 100;
    private static final long SWEEP_MILLIS = 1000;
    /** Dump requests waiting for the dump thread at most; more are counted as suppressed. */
    private static final int MAX_QUEUED_DUMPS = 8;
    private static final Trigger STOP = new Trigger(Trigger.Type.ON_DEMAND, "stop", null, 0, 0);

    private final Tracker tracker;
    private final Config config;
    private final DumpWriter writer;
    private final Supplier<Map<String, Long>> agentCounters;
    /** Triggers not dumped because of the rate limit since the last dump; guarded by itself (never held long). */
    private final Map<Trigger.Type, long[]> suppressedCounts = new LinkedHashMap<>();
    private final Map<Trigger.Type, String> suppressedLast = new LinkedHashMap<>();
    /**
     * The suppressed-trigger summary as it was when each queued dump was asked for: a trigger suppressed
     * after that belongs to the next dump, however late the dump thread writes this one.
     */
    private final Map<Trigger, List<Dump.Suppressed>> suppressedAtRequest = new java.util.IdentityHashMap<>();
    private final List<DumpListener> dumpListeners = new CopyOnWriteArrayList<>();
    private final List<Object[]> periodicTasks = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Trigger> dumpRequests = new ArrayBlockingQueue<>(MAX_QUEUED_DUMPS);
    /** Features that failed and said so (once each). */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AtomicLong internalErrors = new AtomicLong();
    private final AtomicLong dumpsWritten = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final long holdCheckMillis;

    // The upkeep thread's own state.
    private final List<ConnectionRecord> leaksSeen = new ArrayList<>();
    /** Callsites that passed {@code limit} and wait for a limit dump (held back by dumpInterval). */
    private final Set<Callsite> overLimit = new LinkedHashSet<>();
    private long nextForecastCheck = System.nanoTime();

    private volatile Thread thread;
    private volatile Thread dumpThread;
    private volatile boolean running = true;
    private volatile long lastDumpNanos;
    private volatile boolean dumpedOnce;

    /** Told about each dump written (JFR, metrics). */
    public interface DumpListener {
        void dumped(Dump dump, Path file);
    }

    public Monitor(Tracker tracker, Config config, Supplier<Map<String, Long>> agentCounters) {
        this.tracker = tracker;
        this.config = config;
        this.writer = new DumpWriter(config.dumpDir, config.maxDumps);
        this.agentCounters = agentCounters;
        this.holdCheckMillis = Math.max(250, Math.min(10_000, config.holdThresholdMillis / 4));
    }

    public void addDumpListener(DumpListener l) {
        dumpListeners.add(l);
    }

    /** Runs {@code task} on the monitor thread about every 100 ms; a task that throws is dropped with one line. */
    public void addPeriodicTask(String name, Runnable task) {
        periodicTasks.add(new Object[] {name, task});
    }

    public void start() {
        Thread t = new Thread(this::upkeep, "conntrack-monitor");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        thread = t;
        t.start();
    }

    /**
     * Ends both threads within {@code waitMillis} in all: the upkeep thread, woken from its wait for
     * collected connections, finishes the round it is in and leaves its loop; the dump thread writes what
     * was asked for and leaves. Neither is interrupted: that would break a dump's file I/O. Both are
     * daemon threads, so one still busy when the time is up does not keep the JVM from exiting.
     */
    public void stop(long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        running = false;
        tracker.wakeUp(); // out of its wait for collected connections: no exit waits a poll
        try {
            Thread t = thread;
            if (t != null) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            Thread d = dumpThread;
            if (d != null) {
                dumpRequests.offer(STOP);
                d.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        step("logging", tracker::drainMessages); // what the last round left
    }

    /** A step of the upkeep round. */
    private interface Step {
        void run() throws Exception;
    }

    private void upkeep() {
        long nextSweep = System.nanoTime();
        long nextHoldCheck = System.nanoTime();
        while (running) {
            try {
                Thread.interrupted(); // an application interrupting every thread must not stop upkeep
                if (!step("counting garbage-collected connections", () -> tracker.processCollected(POLL_MILLIS))) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)); // no busy loop
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
                    step("unlinking ended records", tracker::sweep);
                    step("watching pools", tracker.pools()::tick);
                }
                runPeriodicTasks();
                step("ending connections their pool took back", tracker::endTakenBack);
                step("checking triggers", this::checkTriggers);
                step("logging", tracker::drainMessages);
                if (config.holdThresholdMillis > 0 && now - nextHoldCheck >= 0) {
                    nextHoldCheck = now + TimeUnit.MILLISECONDS.toNanos(holdCheckMillis);
                    step("checking hold times", this::checkHolds);
                }
            } catch (Throwable t) {
                failed("the monitor round", t, "the next round goes on");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            }
        }
    }

    /** Runs one step; returns false when it failed (said once per feature, counted always). */
    private boolean step(String feature, Step s) {
        try {
            s.run();
            return true;
        } catch (InterruptedException e) {
            return true; // stop() wakes the wait without interrupting; anyone else's interrupt is ignored
        } catch (Throwable t) {
            failed(feature, t, "retried in the next round; the rest of ConnTrack goes on");
            return false;
        }
    }

    /** Counts a failure of the agent's own work and, the first time for {@code feature}, says so in one line. */
    private void failed(String feature, Throwable t, String consequence) {
        internalErrors.incrementAndGet();
        if (failing.add(feature)) {
            error(feature + " failed: " + Failures.describe(t) + "; " + consequence);
        }
    }

    private static void error(String line) {
        try {
            Log.error(line);
        } catch (Throwable ignored) {
            // stderr itself failed: nothing left to tell
        }
    }

    private void runPeriodicTasks() {
        for (Object[] t : periodicTasks) {
            try {
                ((Runnable) t[1]).run();
            } catch (Throwable e) {
                periodicTasks.remove(t);
                internalErrors.incrementAndGet();
                error(t[0] + " failed and is now off (the rest of ConnTrack goes on): " + Failures.describe(e));
            }
        }
    }

    @Override
    public void leaked(ConnectionRecord record, long ageNanos) {
        leaksSeen.add(record); // upkeep thread only: processCollected runs there
    }

    /**
     * Limit first: callsites over their limit are what exhausts a pool. Then a due pool forecast, which
     * names the leaking line too and says how long the pool has left: in a round where it fires, the
     * totalLimit and leak triggers that follow are counted as suppressed (the dump was just asked for).
     */
    private void checkTriggers() {
        checkLimits();
        long now = System.nanoTime();
        // every round while a dump may be written (so the forecast goes before totalLimit and leak);
        // while dumps are held back, once a second (a forecast held back is counted as suppressed)
        if (now - nextForecastCheck >= 0 || dumpDue()) {
            nextForecastCheck = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
            checkForecasts();
        }
        long total = tracker.takeOverTotal();
        if (total > 0) {
            long leaked = tracker.applicationLeaked();
            String what = leaked == 0 ? "application connections open " + total
                    : "application connections open or leaked " + total + " (" + leaked + " leaked: a pool never gets those back)";
            request(new Trigger(Trigger.Type.TOTAL_LIMIT, what + " > totalLimit " + config.totalLimit, null, total,
                    config.totalLimit));
        }
        if (!leaksSeen.isEmpty()) {
            ConnectionRecord first = leaksSeen.get(0);
            int n = leaksSeen.size();
            leaksSeen.clear();
            String msg = n == 1
                    ? "a connection from " + first.callsite().frame + " was garbage-collected without close()"
                    : n + " connections were garbage-collected without close(), the first from " + first.callsite().frame;
            request(new Trigger(Trigger.Type.LEAK, msg, first.callsite().frame, n, 0));
        }
    }

    /**
     * A pool losing connections (at least two in the last 5 minutes: a trend, not one event) whose
     * exhaustion forecast is under {@code forecastHorizon}: one warning and a dump, rate-limited as every
     * trigger, again at each new loss; one held back by the rate limit is asked for again until it gets
     * through. A pool's first loss is a leak dump; the forecast follows.
     */
    private void checkForecasts() {
        for (io.conntrack.pools.PoolState p : tracker.pools().forecastsUnder(config.forecastHorizonMillis)) {
            if (request(new Trigger(Trigger.Type.FORECAST, p.forecast, p.topLossCallsite, Math.round(p.exhaustionSeconds),
                    config.forecastHorizonMillis / 1000))) {
                tracker.pools().warned(p);
            }
        }
    }

    /**
     * Every callsite that passed {@code limit} reaches a limit dump: those that passed it since the last
     * round, and those waiting because dumps were held back by {@code dumpInterval}, go into the next
     * limit dump together, the one open most first (it is the trigger's callsite).
     */
    private void checkLimits() {
        overLimit.addAll(tracker.takeOverLimit());
        if (overLimit.isEmpty() || !dumpDue()) {
            return;
        }
        List<Callsite> sites = new ArrayList<>(overLimit);
        overLimit.clear();
        long[] open = new long[sites.size()];
        Integer[] order = new Integer[sites.size()];
        for (int i = 0; i < open.length; i++) {
            open[i] = sites.get(i).open();
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Long.compare(open[y], open[x])); // stable: ties in the order they passed
        StringBuilder msg = new StringBuilder();
        for (Integer i : order) {
            Callsite c = sites.get(i);
            msg.append(msg.length() == 0 ? "" : "; ").append("callsite ").append(c.frame)
                    .append(open[i] > config.limit ? " open " + open[i] + " > limit " + config.limit
                            : " passed limit " + config.limit + " (open " + open[i] + " now)");
        }
        Callsite top = sites.get(order[0]);
        request(new Trigger(Trigger.Type.LIMIT, msg.toString(), top.frame, open[order[0]], config.limit));
    }

    private void checkHolds() {
        // While dumps are held back by dumpInterval, look without consuming: the connections still
        // held when the next dump is due are reported then, in a dump that shows them.
        List<ConnectionRecord> held = tracker.newlyHeldTooLong(dumpDue());
        if (held.isEmpty()) {
            return;
        }
        ConnectionRecord oldest = held.get(0);
        for (ConnectionRecord r : held) {
            if (r.acquiredNanos() < oldest.acquiredNanos()) {
                oldest = r;
            }
        }
        long ageMillis = (System.nanoTime() - oldest.acquiredNanos()) / 1_000_000;
        request(new Trigger(Trigger.Type.HOLD, held.size() + " connection(s) held longer than holdThreshold "
                + DumpText.duration(config.holdThresholdMillis) + "; the oldest for " + DumpText.duration(ageMillis)
                + " from " + oldest.callsite().frame + " by \"" + oldest.threadName() + "\"",
                oldest.callsite().frame, ageMillis, config.holdThresholdMillis));
    }

    private boolean dumpDue() {
        return !dumpedOnce || System.nanoTime() - lastDumpNanos >= TimeUnit.MILLISECONDS.toNanos(config.dumpIntervalMillis);
    }

    /**
     * Asks the dump thread for a dump, or counts the trigger as suppressed while dumps are held back by
     * {@code dumpInterval}. The interval starts when the dump is asked for, so the triggers that follow
     * it are suppressed even before it is written. Upkeep thread.
     */
    private boolean request(Trigger t) {
        if (t.rateLimited() && !dumpDue()) {
            suppress(t);
            return false;
        }
        lastDumpNanos = System.nanoTime();
        dumpedOnce = true;
        Thread d = dumpThread;
        if (d == null || !d.isAlive()) {
            d = new Thread(this::writeDumps, "conntrack-dumps");
            d.setDaemon(true);
            d.setPriority(Thread.NORM_PRIORITY - 1);
            dumpThread = d;
            d.start();
        }
        List<Dump.Suppressed> summary;
        synchronized (suppressedCounts) {
            summary = takeSuppressed(true);
            suppressedAtRequest.put(t, summary);
        }
        if (!dumpRequests.offer(t)) {
            synchronized (suppressedCounts) { // the dump thread is stuck (a hanging file system or log appender)
                suppressedAtRequest.remove(t);
                for (Dump.Suppressed s : summary) { // back into the summary, and this trigger counted too
                    suppressedCounts.computeIfAbsent(Trigger.Type.byId(s.type), k -> new long[1])[0] += s.count;
                    suppressedLast.putIfAbsent(Trigger.Type.byId(s.type), s.lastMessage);
                }
            }
            suppress(t);
            return false;
        }
        tracker.pools().timeline().trigger(System.currentTimeMillis(), t.type.id, t.callsite);
        return true;
    }

    /** The summary of suppressed triggers; caller holds the lock on {@code suppressedCounts}. */
    private List<Dump.Suppressed> takeSuppressed(boolean clear) {
        List<Dump.Suppressed> suppressed = new ArrayList<>();
        for (Map.Entry<Trigger.Type, long[]> e : suppressedCounts.entrySet()) {
            suppressed.add(new Dump.Suppressed(e.getKey().id, e.getValue()[0], suppressedLast.get(e.getKey())));
        }
        if (clear) {
            suppressedCounts.clear();
            suppressedLast.clear();
        }
        return suppressed;
    }

    private void suppress(Trigger t) {
        synchronized (suppressedCounts) {
            suppressedCounts.computeIfAbsent(t.type, k -> new long[1])[0]++;
            suppressedLast.put(t.type, t.message);
        }
    }

    /** The dump thread: writes the dumps the upkeep thread asks for, one after the other. */
    private void writeDumps() {
        while (true) {
            try {
                Trigger t = dumpRequests.poll(1, TimeUnit.SECONDS);
                if (t == STOP || t == null && !running) {
                    return;
                }
                if (t != null) {
                    dump(t);
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (Throwable e) {
                failed("taking a dump", e, "retried at the next trigger");
            }
        }
    }

    /**
     * Takes a dump now and returns the JSON file's path, or null when it could not be written (it
     * then went to stderr) or could not be taken (one line, retried at the next trigger). Takes no lock
     * of the monitor's: the dump thread, the application ({@code ConnTrack.dump}), JMX and the exit may
     * dump at once (files get distinct names), and none waits for another's pool reads or log line.
     */
    public Path dump(Trigger t) {
        return dump(t, stage -> { });
    }

    /** As {@link #dump(Trigger)}, telling {@code stage} what it is doing (the exit dump says where it got stuck). */
    public Path dump(Trigger t, java.util.function.Consumer<String> stage) {
        try {
            stage.accept("reading the pools for the exit dump");
            Dump dump = build(t, true);
            String text = DumpText.render(dump);
            Path file = null;
            stage.accept("writing the exit dump's files");
            try {
                file = writer.write(dump, DumpJson.render(dump), text);
                dumpsWritten.incrementAndGet();
            } catch (Exception e) {
                writeFailures.incrementAndGet();
                Log.warn("cannot write the dump to " + writer.dir() + " (" + e.getMessage() + "); fix: make that folder "
                        + "writable by this user or set dumpDir= to one that is. The dump follows on stderr; the next "
                        + "trigger tries the folder again.");
                System.err.println(text);
            }
            lastDumpNanos = System.nanoTime();
            dumpedOnce = true;
            io.conntrack.tracking.CallsiteSnapshot top = dump.topCallsite();
            stage.accept("logging the exit dump's WARN line (written to " + (file != null ? file : "stderr") + ")");
            Log.warnToApplication("ConnTrack " + t.type.id + ": " + t.message
                    + (top != null ? "; top callsite " + top.callsite + " (open " + top.open + ", leaked " + top.leaked + ")" : "")
                    + (file != null ? "; dump " + file : "; dump on stderr"));
            stage.accept("telling JFR and the metrics about the exit dump (written to " + (file != null ? file : "stderr") + ")");
            notifyListeners(dump, file);
            return file;
        } catch (Throwable e) {
            failed("taking a dump", e, "retried at the next trigger; upkeep goes on");
            return null;
        }
    }

    /** A listener that throws is dropped with one line and counted; the dump and the other listeners go on. */
    private void notifyListeners(Dump dump, Path file) {
        for (DumpListener l : dumpListeners) {
            try {
                l.dumped(dump, file);
            } catch (VirtualMachineError e) {
                internalErrors.incrementAndGet(); // out of memory or stack for a moment: this dump only
            } catch (Throwable e) {
                dumpListeners.remove(l);
                internalErrors.incrementAndGet();
                error("dump listener " + Failures.typeOf(l) + " failed and is now off (dumps go on): " + Failures.describe(e));
            }
        }
    }

    /**
     * The JSON of a dump taken now, as {@link #dump} would write it, without writing files or
     * clearing the suppressed-trigger summary (for the metrics endpoint's {@code /dump}).
     */
    public String dumpJson(Trigger t) {
        return DumpJson.render(build(t, false));
    }

    private Dump build(Trigger t, boolean clearSuppressed) {
        List<Dump.Suppressed> suppressed;
        synchronized (suppressedCounts) {
            List<Dump.Suppressed> atRequest = clearSuppressed ? suppressedAtRequest.remove(t) : null;
            suppressed = atRequest != null ? atRequest : takeSuppressed(clearSuppressed);
        }
        return new Dump.Builder(tracker.snapshot(), tracker.openRecords(), config)
                .pools(tracker.pools().states())
                .timeline(tracker.pools().timeline().snapshot(System.currentTimeMillis()))
                .trigger(t).suppressed(suppressed).agentCounters(counters()).build();
    }

    private Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(agentCounters.get());
        m.put("dumpsWritten", dumpsWritten.get());
        m.put("dumpWriteFailures", writeFailures.get());
        m.put("internalErrors", internalErrors.get());
        return m;
    }
}
