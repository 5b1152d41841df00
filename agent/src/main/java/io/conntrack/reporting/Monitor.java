package io.conntrack.reporting;

import io.conntrack.config.Config;
import io.conntrack.pools.PoolWatch;
import io.conntrack.reclaim.Reclaimer;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Housekeeper;
import io.conntrack.tracking.Tracker;
import io.conntrack.tracking.TrackerListener;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The agent's background work. {@code conntrack-monitor} does the upkeep, a round every 100 ms: counts
 * connections the GC found unclosed, ends those their pool took back, checks the triggers
 * ({@link Triggers}), logs what the hot path noted; once a second it unlinks ended records and looks at
 * the pools; every {@code holdThreshold / 4} it checks hold times. Dumps are written by
 * {@code conntrack-dumps} ({@link DumpQueue}); all I/O happens there, never on an application thread.
 *
 * <p>Upkeep never stops: every step of a round is caught on its own, and a round that fails is followed
 * by the next. A dump that fails, hangs or has a failing listener holds up nothing but dumps. Each
 * failing feature says so in one line; later failures of it are only counted ({@code internalErrors}).
 */
public final class Monitor implements TrackerListener {

    private static final long POLL_MILLIS = 100;

    /** Told about each dump written (JFR, metrics). */
    public interface DumpListener {
        void dumped(Dump dump, Path file);
    }

    private final Tracker tracker;
    private final Housekeeper housekeeper;
    private final PoolWatch pools;
    private final Config config;
    private final Faults faults = new Faults();
    private final Dumper dumper;
    private final DumpQueue dumps;
    private final Triggers triggers;
    private final Every sweeps = new Every(1000);
    private final Every holdChecks;
    private volatile Thread thread;
    private volatile boolean running = true;

    private final Reclaimer reclaimer;

    public Monitor(Tracker tracker, PoolWatch pools, Config config, Supplier<Map<String, Long>> agentCounters) {
        this(tracker, pools, config, agentCounters, null);
    }

    /** @param reclaimer gives pools back what leaks took ({@code reclaim}) and finds abandoned connections; null for none */
    public Monitor(Tracker tracker, PoolWatch pools, Config config, Supplier<Map<String, Long>> agentCounters, Reclaimer reclaimer) {
        this.reclaimer = reclaimer;
        this.tracker = tracker;
        this.housekeeper = tracker.housekeeper();
        this.pools = pools;
        this.config = config;
        this.dumper = new Dumper(tracker, pools, config, agentCounters, faults);
        this.dumps = new DumpQueue(config, dumper, faults,
                t -> pools.timeline().trigger(System.currentTimeMillis(), t.type.id, t.callsite));
        this.triggers = new Triggers(housekeeper, pools, config, dumps, reclaimer);
        this.holdChecks = new Every(Math.max(250, Math.min(10_000, config.holdThresholdMillis / 4)));
    }

    public void addDumpListener(DumpListener l) {
        dumper.listeners.add(l);
    }

    @Override
    public void leaked(ConnectionRecord record, long ageNanos) {
        triggers.leaked(record, ageNanos);
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
        housekeeper.wakeUp(); // out of its wait for collected connections: no exit waits a poll
        try {
            Thread t = thread;
            if (t != null) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            dumps.stop(deadline);
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
        while (running) {
            try {
                Thread.interrupted(); // an application interrupting every thread must not stop upkeep
                if (!step("counting garbage-collected connections", () -> housekeeper.processCollected(POLL_MILLIS))) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)); // no busy loop
                }
                long now = System.nanoTime();
                if (sweeps.due(now)) {
                    step("unlinking ended records", housekeeper::sweep);
                    step("watching pools", pools::tick);
                }
                step("ending connections their pool took back", housekeeper::endTakenBack);
                step("comparing the paths of kept stacks", housekeeper::analyseStacks);
                if (reclaimer != null) {
                    step("reclaiming connections for their pools", () -> reclaimer.tick(now));
                }
                step("checking triggers", () -> triggers.check(now));
                step("logging", tracker::drainMessages);
                if (config.holdThresholdMillis > 0 && holdChecks.due(now)) {
                    step("checking hold times", () -> triggers.checkHolds(now));
                }
            } catch (Throwable t) {
                faults.failed("the monitor round", t, "the next round goes on");
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
            faults.failed(feature, t, "retried in the next round; the rest of ConnTrack goes on");
            return false;
        }
    }

    /**
     * Takes a dump now, whatever the rate limit, and returns the JSON file's path, or null when it could
     * not be written (it then went to stderr) or could not be taken (one line). An on-demand or exit dump
     * shows the triggers held back so far but neither clears that summary nor restarts
     * {@code dumpInterval}: an operator's dump never silences the next triggered one.
     */
    public Path dump(Trigger t) {
        return dump(t, stage -> { });
    }

    /** As {@link #dump(Trigger)}, telling {@code stage} what it is doing (the exit dump says where it got stuck). */
    public Path dump(Trigger t, Consumer<String> stage) {
        boolean limited = t.rateLimited();
        Path p = dumper.dump(t, dumps.takeSuppressed(limited), stage);
        if (limited) {
            dumps.dumped();
        }
        return p;
    }

    /**
     * The JSON of a dump taken now, as {@link #dump} would write it, without writing files or
     * clearing the suppressed-trigger summary (for the metrics endpoint's {@code /dump}).
     */
    public String dumpJson(Trigger t) {
        return DumpJson.render(inMemoryDump(t));
    }

    /** A dump taken now, as {@link #dump} would write it (timeline, suppressed triggers, counters), kept in memory (JMX). */
    public Dump inMemoryDump(Trigger t) {
        return dumper.build(t, dumps.takeSuppressed(false));
    }
}
