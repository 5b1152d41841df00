package io.conntrack.jfr;

import io.conntrack.reclaim.Reclaimer;
import io.conntrack.reporting.Dump;
import io.conntrack.reporting.Log;
import io.conntrack.reporting.Monitor;
import io.conntrack.reporting.Trigger;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Tracker;
import io.conntrack.tracking.TrackerListener;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Turns tracker news into JFR events. Only loaded once {@link JfrSupport} has checked that jdk.jfr
 * exists. Every event is built only when a recording wants it ({@code shouldCommit}), so without a
 * recording this costs one check per event. A failure here turns JFR events off, never tracking.
 */
final class JfrRecorder implements TrackerListener, Monitor.DumpListener, java.util.function.Consumer<Reclaimer.Reclaimed> {

    private final Tracker tracker;
    private final long holdThresholdMillis;
    private final Runnable periodicHook = this::emitStatistics;
    /** Per callsite, the acquired+failed+leaked count at the last statistics event; JFR's periodic thread only. */
    private final Map<String, Long> lastActivity = new HashMap<>();
    private volatile boolean failed;

    JfrRecorder(Tracker tracker, long holdThresholdMillis) {
        this.tracker = tracker;
        this.holdThresholdMillis = holdThresholdMillis;
    }

    /**
     * Registers the events once the JVM's flight recorder exists: at once if a recording was already
     * started, else when the first one starts ({@code jcmd JFR.start}, {@code new Recording()}).
     * Registering them earlier would start JFR's machinery in every JVM, recording or not: about
     * 150 ms of {@code premain} measured on a small program.
     */
    void install(Monitor monitor) {
        install(monitor, null);
    }

    void install(Monitor monitor, Reclaimer reclaimer) {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                try {
                    FlightRecorder.addPeriodicEvent(CallsiteStatisticsEvent.class, periodicHook);
                    tracker.addListener(JfrRecorder.this);
                    monitor.addDumpListener(JfrRecorder.this);
                    if (reclaimer != null) {
                        reclaimer.addListener(JfrRecorder.this);
                    }
                    Log.info("JFR events on: a flight recorder has started");
                } catch (Throwable t) {
                    fail(t);
                }
            }
        });
    }

    @Override
    public void leaked(ConnectionRecord record, long ageNanos) {
        if (failed) {
            return;
        }
        try {
            ConnectionLeakedEvent e = new ConnectionLeakedEvent();
            if (e.shouldCommit()) {
                e.callsite = record.callsite().frame;
                e.ageMillis = ageNanos / 1_000_000;
                e.acquiringThread = record.threadName();
                e.acquisitionStack = render(record.stack());
                e.commit();
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    @Override
    public void accept(Reclaimer.Reclaimed r) {
        if (failed) {
            return;
        }
        try {
            ConnectionReclaimedEvent e = new ConnectionReclaimedEvent();
            if (e.shouldCommit()) {
                e.pool = r.pool;
                e.callsite = r.callsite;
                e.kind = r.kind;
                e.heldMillis = r.heldMillis;
                e.commit();
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    @Override
    public void heldTooLong(ConnectionRecord record, long heldNanos) {
        if (failed) {
            return;
        }
        try {
            ConnectionHeldEvent e = new ConnectionHeldEvent();
            if (e.shouldCommit()) {
                e.callsite = record.callsite().frame;
                e.holdMillis = heldNanos / 1_000_000;
                e.holdThresholdMillis = holdThresholdMillis;
                e.acquiringThread = record.threadName();
                e.commit();
            }
        } catch (Throwable t) {
            // the closing thread, an application thread: no I/O here. The tracker switches this reporter
            // off and the monitor says so in one line.
            failed = true;
            throw t;
        }
    }

    @Override
    public void dumped(Dump dump, Path file) {
        Trigger t = dump.trigger();
        if (failed || t.type != Trigger.Type.LIMIT && t.type != Trigger.Type.TOTAL_LIMIT) {
            return;
        }
        try {
            LimitExceededEvent e = new LimitExceededEvent();
            if (e.shouldCommit()) {
                CallsiteSnapshot top = dump.topCallsite();
                e.trigger = t.type.id;
                e.callsite = t.callsite != null ? t.callsite : top != null ? top.callsite : null;
                e.open = t.value;
                e.limit = t.threshold;
                e.dumpFile = file == null ? "" : file.toString();
                e.commit();
            }
        } catch (Throwable x) {
            fail(x);
        }
    }

    private void emitStatistics() {
        if (failed) {
            return;
        }
        try {
            for (CallsiteSnapshot c : tracker.snapshot().callsites) {
                // closes count too: else the period after the last close, the one showing open 0, is skipped
                long activity = c.acquired + c.closed + c.failed + c.leaked;
                Long before = lastActivity.put(c.callsite, activity);
                if (c.open == 0 && before != null && before == activity) {
                    continue; // idle since the last period
                }
                CallsiteStatisticsEvent e = new CallsiteStatisticsEvent();
                e.callsite = c.callsite;
                e.poolOwned = c.poolOwned;
                e.open = c.open;
                e.peak = c.peak;
                e.acquired = c.acquired;
                e.closed = c.closed;
                e.leaked = c.leaked;
                e.failed = c.failed;
                e.holdP50 = c.holdP50Nanos;
                e.holdP99 = c.holdP99Nanos;
                e.holdMax = c.holdMaxNanos;
                e.acquireWaitMax = c.acquireWaitMaxNanos;
                e.commit();
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    static String render(StackTraceElement[] stack) {
        if (stack == null || stack.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(stack.length * 64);
        for (StackTraceElement f : stack) {
            b.append(f).append('\n');
        }
        return b.toString();
    }

    private void fail(Throwable t) {
        if (!failed) {
            failed = true;
            Log.error("JFR events failed and are now off (tracking goes on): " + t);
        }
    }
}
