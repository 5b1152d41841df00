package io.conntrack.reporting;

import io.conntrack.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns triggers into dumps: at most one per {@code dumpInterval} (on-demand and exit dumps always),
 * the triggers held back in between summed up in the next dump ({@code suppressedTriggers}), written
 * one after the other by the {@code conntrack-dumps} thread, started with the first request. A dump
 * that hangs (a stuck file system or log appender) holds up only later dumps: at most
 * {@link #MAX_QUEUED} wait, more are counted as suppressed.
 */
final class DumpQueue {

    static final int MAX_QUEUED = 8;

    /** A dump asked for, with the summary of the triggers held back before it. */
    private static final class Request {
        final Trigger trigger;
        final List<Dump.Suppressed> suppressed;

        Request(Trigger trigger, List<Dump.Suppressed> suppressed) {
            this.trigger = trigger;
            this.suppressed = suppressed;
        }
    }

    /** How often one type of trigger was held back since the last triggered dump, and its last message. */
    private static final class Tally {
        long count;
        String lastMessage;
    }

    private static final Request STOP = new Request(null, null);

    private final Config config;
    private final Dumper dumper;
    private final Faults faults;
    private final Consumer<Trigger> onRequest;
    private final BlockingQueue<Request> requests = new ArrayBlockingQueue<>(MAX_QUEUED);
    /** Guarded by itself (never held long). */
    private final Map<Trigger.Type, Tally> suppressed = new LinkedHashMap<>();
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile long lastDumpNanos;
    private volatile boolean dumpedOnce;

    /**
     * @param onRequest told of each trigger that became a dump request (the pools' flight recorder marks it)
     */
    DumpQueue(Config config, Dumper dumper, Faults faults, Consumer<Trigger> onRequest) {
        this.onRequest = onRequest;
        this.config = config;
        this.dumper = dumper;
        this.faults = faults;
    }

    /** True when a rate-limited trigger may be dumped now. */
    boolean dumpDue() {
        return !dumpedOnce || System.nanoTime() - lastDumpNanos >= TimeUnit.MILLISECONDS.toNanos(config.dumpIntervalMillis);
    }

    /** A dump was asked for or written now: the interval starts again. */
    void dumped() {
        lastDumpNanos = System.nanoTime();
        dumpedOnce = true;
    }

    /**
     * Asks the dump thread for a dump, or counts the trigger as suppressed while dumps are held back by
     * {@code dumpInterval}. The interval starts when the dump is asked for, so the triggers that follow
     * it are suppressed even before it is written. Upkeep thread. Returns whether a dump was asked for.
     */
    boolean request(Trigger t) {
        if (t.rateLimited() && !dumpDue()) {
            suppress(t);
            return false;
        }
        dumped();
        Thread d = thread;
        if (d == null || !d.isAlive()) {
            d = new Thread(this::writeDumps, "conntrack-dumps");
            d.setDaemon(true);
            d.setPriority(Thread.NORM_PRIORITY - 1);
            thread = d;
            d.start();
        }
        List<Dump.Suppressed> summary = takeSuppressed(true);
        if (!requests.offer(new Request(t, summary))) { // the dump thread is stuck (a hanging file system or log appender)
            synchronized (suppressed) { // the summary goes back, and this trigger is counted too
                for (Dump.Suppressed s : summary) {
                    Tally n = suppressed.computeIfAbsent(Trigger.Type.byId(s.type), k -> new Tally());
                    n.count += s.count;
                    if (n.lastMessage == null) {
                        n.lastMessage = s.lastMessage;
                    }
                }
            }
            suppress(t);
            return false;
        }
        onRequest.accept(t);
        return true;
    }

    /** The summary of suppressed triggers since the last triggered dump; {@code clear}: the next one starts a new one. */
    List<Dump.Suppressed> takeSuppressed(boolean clear) {
        synchronized (suppressed) {
            List<Dump.Suppressed> out = new ArrayList<>();
            for (Map.Entry<Trigger.Type, Tally> e : suppressed.entrySet()) {
                out.add(new Dump.Suppressed(e.getKey().id, e.getValue().count, e.getValue().lastMessage));
            }
            if (clear) {
                suppressed.clear();
            }
            return out;
        }
    }

    private void suppress(Trigger t) {
        synchronized (suppressed) {
            Tally n = suppressed.computeIfAbsent(t.type, k -> new Tally());
            n.count++;
            n.lastMessage = t.message;
        }
    }

    /** The dump thread: writes the dumps asked for, one after the other. */
    private void writeDumps() {
        while (true) {
            try {
                Request r = requests.poll(1, TimeUnit.SECONDS);
                if (r == STOP || r == null && !running) {
                    return;
                }
                if (r != null) {
                    dumper.dump(r.trigger, r.suppressed, stage -> { });
                    dumped();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (Throwable e) {
                faults.failed("taking a dump", e, "retried at the next trigger");
            }
        }
    }

    /** Lets the dump thread write what was asked for and leave, waiting for it until {@code deadlineNanos}. */
    void stop(long deadlineNanos) throws InterruptedException {
        running = false;
        Thread d = thread;
        if (d != null) {
            requests.offer(STOP);
            d.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        }
    }
}
