package io.conntrack.reporting;

import io.conntrack.config.Config;
import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Tracker;
import io.conntrack.tracking.TrackerListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's one background thread ({@code conntrack-monitor}, daemon): counts connections the GC
 * found unclosed, unlinks ended records, checks hold times at low frequency, and turns triggers into
 * dumps, at most one per {@code dumpInterval} (on-demand and exit dumps always). All I/O happens here,
 * never on an application thread.
 */
public final class Monitor implements TrackerListener {

    private static final long POLL_MILLIS = 100;
    private static final long SWEEP_MILLIS = 1000;
    private static final long DUMP_FINISH_MILLIS = 3000;

    private final Tracker tracker;
    private final Config config;
    private final DumpWriter writer;
    private final Supplier<Map<String, Long>> agentCounters;
    private final Map<Trigger.Type, long[]> suppressedCounts = new LinkedHashMap<>();
    private final Map<Trigger.Type, String> suppressedLast = new LinkedHashMap<>();
    private final List<DumpListener> dumpListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ConnectionRecord> leaksSeen = new ArrayList<>();
    private final List<Object[]> periodicTasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final long holdCheckMillis;
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile boolean dumpsFailed;
    /** True while {@link #dump} runs, for {@link #stop}. */
    private volatile boolean dumping;
    private long lastDumpNanos;
    private boolean dumpedOnce;
    private long dumpsWritten;
    private long writeFailures;
    private long internalErrors;

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
        Thread t = new Thread(this::run, "conntrack-monitor");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        thread = t;
        t.start();
    }

    /**
     * Ends the monitor thread: woken from its wait for collected connections, it finishes the round
     * it is in and leaves its loop. Not interrupted: that would break a dump's file I/O. A dump in
     * progress may take up to {@value #DUMP_FINISH_MILLIS} ms more, so its files and its one log line
     * (which may be what starts the application's logging) are complete before the JVM exits.
     */
    public void stop(long waitMillis) {
        running = false;
        tracker.wakeUp(); // out of its wait for collected connections: no exit waits a poll
        Thread t = thread;
        if (t != null) {
            try {
                t.join(waitMillis);
                if (t.isAlive() && dumping) {
                    t.join(DUMP_FINISH_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long nextSweep = System.nanoTime();
        long nextHoldCheck = System.nanoTime();
        while (running) {
            try {
                tracker.processCollected(POLL_MILLIS);
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    tracker.sweep();
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
                }
                runPeriodicTasks();
                checkTriggers();
                if (config.holdThresholdMillis > 0 && now - nextHoldCheck >= 0) {
                    checkHolds();
                    nextHoldCheck = now + TimeUnit.MILLISECONDS.toNanos(holdCheckMillis);
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (Throwable t) {
                Log.error("the monitor thread failed, dumps are now off (counting goes on): " + t);
                return;
            }
        }
    }

    private void runPeriodicTasks() {
        for (Object[] t : periodicTasks) {
            try {
                ((Runnable) t[1]).run();
            } catch (Throwable e) {
                periodicTasks.remove(t);
                Log.error(t[0] + " failed and is now off (the rest of ConnTrack goes on): " + e);
            }
        }
    }

    @Override
    public void leaked(ConnectionRecord record, long ageNanos) {
        leaksSeen.add(record); // monitor thread only
    }

    private void checkTriggers() {
        if (!leaksSeen.isEmpty()) {
            ConnectionRecord first = leaksSeen.get(0);
            int n = leaksSeen.size();
            leaksSeen.clear();
            String msg = n == 1
                    ? "a connection from " + first.callsite().frame + " was garbage-collected without close()"
                    : n + " connections were garbage-collected without close(), the first from " + first.callsite().frame;
            fire(new Trigger(Trigger.Type.LEAK, msg, first.callsite().frame, n, 0));
        }
        Callsite over = tracker.takeOverLimit();
        if (over != null) {
            long open = over.open();
            fire(new Trigger(Trigger.Type.LIMIT, "callsite " + over.frame + " open " + open + " > limit " + config.limit,
                    over.frame, open, config.limit));
        }
        long total = tracker.takeOverTotal();
        if (total > 0) {
            long leaked = tracker.applicationLeaked();
            String what = leaked == 0 ? "application connections open " + total
                    : "application connections open or leaked " + total + " (" + leaked + " leaked: a pool never gets those back)";
            fire(new Trigger(Trigger.Type.TOTAL_LIMIT, what + " > totalLimit " + config.totalLimit, null, total,
                    config.totalLimit));
        }
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
        fire(new Trigger(Trigger.Type.HOLD, held.size() + " connection(s) held longer than holdThreshold "
                + DumpText.duration(config.holdThresholdMillis) + "; the oldest for " + DumpText.duration(ageMillis)
                + " from " + oldest.callsite().frame + " by \"" + oldest.threadName() + "\"",
                oldest.callsite().frame, ageMillis, config.holdThresholdMillis));
    }

    private synchronized boolean dumpDue() {
        return !dumpedOnce || System.nanoTime() - lastDumpNanos >= TimeUnit.MILLISECONDS.toNanos(config.dumpIntervalMillis);
    }

    private synchronized void fire(Trigger t) {
        long now = System.nanoTime();
        if (t.rateLimited() && dumpedOnce && now - lastDumpNanos < TimeUnit.MILLISECONDS.toNanos(config.dumpIntervalMillis)) {
            suppressedCounts.computeIfAbsent(t.type, k -> new long[1])[0]++;
            suppressedLast.put(t.type, t.message);
            return;
        }
        dump(t);
    }

    /**
     * Takes a dump now and returns the JSON file's path, or null when it could not be written (it
     * then went to stderr). Synchronized: the monitor and on-demand callers never write at once.
     */
    public synchronized Path dump(Trigger t) {
        if (dumpsFailed) {
            return null;
        }
        dumping = true;
        try {
            Dump dump = build(t);
            String text = DumpText.render(dump);
            Path file = null;
            try {
                file = writer.write(dump, DumpJson.render(dump), text);
                dumpsWritten++;
            } catch (Exception e) {
                writeFailures++;
                Log.warn("cannot write the dump to " + writer.dir() + " (" + e.getMessage() + "); fix: make that folder "
                        + "writable by this user or set dumpDir= to one that is. The dump follows on stderr; the next "
                        + "trigger tries the folder again.");
                System.err.println(text);
            }
            lastDumpNanos = System.nanoTime();
            dumpedOnce = true;
            suppressedCounts.clear();
            suppressedLast.clear();
            io.conntrack.tracking.CallsiteSnapshot top = dump.topCallsite();
            Log.warnToApplication("ConnTrack " + t.type.id + ": " + t.message
                    + (top != null ? "; top callsite " + top.callsite + " (open " + top.open + ", leaked " + top.leaked + ")" : "")
                    + (file != null ? "; dump " + file : "; dump on stderr"));
            notifyListeners(dump, file);
            return file;
        } catch (Throwable e) {
            dumpsFailed = true;
            Log.error("taking a dump failed, dumps are now off (counting goes on): " + e);
            return null;
        } finally {
            dumping = false;
        }
    }

    /** A listener that throws is dropped with one line and counted; the dump and the other listeners go on. */
    private void notifyListeners(Dump dump, Path file) {
        for (DumpListener l : dumpListeners) {
            try {
                l.dumped(dump, file);
            } catch (Throwable e) {
                dumpListeners.remove(l);
                internalErrors++;
                Log.error("dump listener " + l.getClass().getName() + " failed and is now off (dumps go on): " + e);
            }
        }
    }

    /**
     * The JSON of a dump taken now, as {@link #dump} would write it, without writing files or
     * clearing the suppressed-trigger summary (for the metrics endpoint's {@code /dump}).
     */
    public synchronized String dumpJson(Trigger t) {
        return DumpJson.render(build(t));
    }

    private Dump build(Trigger t) {
        List<Dump.Suppressed> suppressed = new ArrayList<>();
        for (Map.Entry<Trigger.Type, long[]> e : suppressedCounts.entrySet()) {
            suppressed.add(new Dump.Suppressed(e.getKey().id, e.getValue()[0], suppressedLast.get(e.getKey())));
        }
        return new Dump.Builder(tracker.snapshot(), tracker.openRecords(), config)
                .trigger(t).suppressed(suppressed).agentCounters(counters()).build();
    }

    private Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(agentCounters.get());
        m.put("dumpsWritten", dumpsWritten);
        m.put("dumpWriteFailures", writeFailures);
        m.put("internalErrors", internalErrors);
        return m;
    }
}
