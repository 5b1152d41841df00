package io.conntrack.reporting;

import io.conntrack.config.Config;
import io.conntrack.pools.PoolWatch;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.Failures;
import io.conntrack.tracking.Listeners;
import io.conntrack.tracking.Snapshot;
import io.conntrack.tracking.Tracker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Takes one dump and delivers it: builds it from the tracker and the pools, writes its JSON and text
 * files, logs its one WARN line (through the application's SLF4J when it has one), and tells the dump
 * listeners (JFR, metrics). Takes no lock: the dump thread, the application ({@code ConnTrack.dump}),
 * JMX and the exit may dump at once (files get distinct names), and none waits for another's pool
 * reads or log line.
 */
final class Dumper {

    private final Tracker tracker;
    private final PoolWatch pools;
    private final Config config;
    private final DumpWriter writer;
    private final Supplier<Map<String, Long>> agentCounters;
    private final Faults faults;
    final Listeners<Monitor.DumpListener> listeners;
    private final AtomicLong dumpsWritten = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();

    Dumper(Tracker tracker, PoolWatch pools, Config config, Supplier<Map<String, Long>> agentCounters, Faults faults) {
        this.tracker = tracker;
        this.pools = pools;
        this.config = config;
        this.writer = new DumpWriter(config.dumpDir, config.maxDumps);
        this.agentCounters = agentCounters;
        this.faults = faults;
        this.listeners = new Listeners<>((l, t, off) -> {
            faults.counted(); // a VirtualMachineError costs this dump only
            if (off) {
                Faults.error("dump listener " + Failures.typeOf(l) + " failed and is now off (dumps go on): " + Failures.describe(t));
            }
        });
    }

    /**
     * Takes and delivers a dump; returns the JSON file's path, or null when it could not be written (it
     * then went to stderr) or could not be taken (one line, retried at the next trigger). Tells
     * {@code stage} what it is doing, so a dump that never finishes can say where it was (the exit dump).
     */
    Path dump(Trigger t, List<Dump.Suppressed> suppressed, Consumer<String> stage) {
        try {
            stage.accept("reading the pools for the " + t.type.id + " dump");
            Dump dump = build(t, suppressed);
            t = dump.trigger(); // as the dump tells it
            String text = DumpText.render(dump);
            Path file = null;
            stage.accept("writing the " + t.type.id + " dump's files");
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
            String where = file != null ? file.toString() : "stderr";
            CallsiteSnapshot top = dump.topCallsite();
            stage.accept("logging the " + t.type.id + " dump's WARN line (written to " + where + ")");
            Log.warnToApplication("ConnTrack " + t.type.id + ": " + t.message
                    + (top != null ? "; top callsite " + top.callsite + " (open " + top.open + ", leaked " + top.leaked
                            + (top.blame != null ? "; " + top.blame.describe() : "") + ")" : "")
                    + "; dump " + (file != null ? where : "on stderr"));
            stage.accept("telling JFR and the metrics about the " + t.type.id + " dump (written to " + where + ")");
            listeners.tell(Monitor.DumpListener::dumped, dump, file);
            return file;
        } catch (Throwable e) {
            faults.failed("taking a dump", e, "retried at the next trigger; upkeep goes on");
            return null;
        }
    }

    /** Everything one dump says, gathered now. */
    Dump build(Trigger t, List<Dump.Suppressed> suppressed) {
        Snapshot snapshot = tracker.snapshot();
        return new Dump.Builder(snapshot, tracker.openRecords(), config, tracker.clock().nanoTime())
                .pools(pools.states())
                .timeline(pools.timeline().snapshot(System.currentTimeMillis()))
                .trigger(asFound(t, snapshot)).suppressed(suppressed).agentCounters(counters()).build();
    }

    /**
     * A limit or totalLimit trigger says what it counted when it fired; its dump is taken a moment later,
     * when some of those connections may have been closed, or garbage-collected unclosed: the trigger
     * then says what the dump found, so its message and the dump's numbers tell one story.
     */
    static Trigger asFound(Trigger t, Snapshot s) {
        if (t.type == Trigger.Type.LIMIT && t.callsite != null) {
            CallsiteSnapshot c = s.callsite(t.callsite);
            if (c != null && c.open != t.value) {
                return t.withMessage(t.message + " (in this dump: open " + c.open + ", leaked " + c.leaked + ")");
            }
        } else if (t.type == Trigger.Type.TOTAL_LIMIT && s.application.open + s.application.leaked != t.value) {
            return t.withMessage(t.message + " (in this dump: open " + s.application.open + ", leaked " + s.application.leaked + ")");
        }
        return t;
    }

    private Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(agentCounters.get());
        m.put("dumpsWritten", dumpsWritten.get());
        m.put("dumpWriteFailures", writeFailures.get());
        m.put("internalErrors", faults.internalErrors());
        return m;
    }
}
