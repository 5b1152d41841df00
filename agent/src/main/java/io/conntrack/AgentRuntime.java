package io.conntrack;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.config.Config;
import io.conntrack.config.ReclaimMode;
import io.conntrack.instrumentation.Instrumenter;
import io.conntrack.reporting.DumpJson;
import io.conntrack.reporting.Log;
import io.conntrack.reporting.Monitor;
import io.conntrack.reporting.Trigger;
import io.conntrack.jfr.JfrSupport;
import io.conntrack.jmx.ConnTrackBean;
import io.conntrack.jmx.JmxSupport;
import io.conntrack.metrics.MetricsEndpoint;
import io.conntrack.pools.PoolRegistry;
import io.conntrack.pools.PoolWatch;
import io.conntrack.reclaim.Reclaimer;
import io.conntrack.reporting.ScopeJson;
import io.conntrack.tracking.Clock;
import io.conntrack.tracking.Frames;
import io.conntrack.tracking.Scopes;
import io.conntrack.tracking.Snapshot;
import io.conntrack.tracking.Tracker;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running agent: starts its parts in order and holds them. The public {@link ConnTrack} facade
 * (on the application's class path) reaches the static methods below by name; the agent's own
 * reporters (JMX, metrics, JFR) get what they read when they are built.
 */
public final class AgentRuntime {

    /** The shutdown hook's work (stopping the monitor, the exit dump) takes at most this long. */
    static final long EXIT_DEADLINE_MILLIS = 2000;
    /** Of that, waiting for the monitor's and the dump thread's last round. */
    private static final long EXIT_STOP_MILLIS = 500;

    private static volatile Tracker tracker;
    private static volatile PoolWatch pools;
    private static volatile Monitor monitor;
    private static volatile Instrumenter instrumenter;
    /** How long {@link #start} took (the agent's part of premain, up to the reporters' thread). */
    private static volatile long startMicros;
    /** Test scopes, created at the first beginScope (tests only); bound to the tracker they read. */
    private static volatile Scopes scopes;

    private AgentRuntime() {
    }

    static boolean isRunning() {
        return tracker != null;
    }

    /**
     * Starts the parts in order: tracker, monitor thread, transformer, and last the bridge, which is what
     * makes woven code call into the tracker. If a part fails before the bridge is installed, what was
     * started is undone and the agent is off, as the log then says. Reporters (metrics, JFR, JMX) come
     * after: each may fail alone, with one line, and tracking goes on.
     */
    static void start(Config config, Instrumentation inst, boolean attached) {
        long begin = System.nanoTime();
        PoolRegistry registry = new PoolRegistry();
        Reclaimer reclaim = new Reclaimer(config, Log::warn);
        Tracker t = new Tracker(config, Log::error, registry, Clock.SYSTEM, reclaim.hooks());
        PoolWatch p = new PoolWatch(registry, t::openRecordsUnsorted, t::callsites, t.classifier(), Log::error, Log::warn);
        t.addListener(p);
        reclaim.attach(t.housekeeper(), t::openRecordsUnsorted, p, t.classifier()).prepare(inst);
        t.addListener(reclaim); // after the pools: a lost connection is counted lost, then given back
        Instrumenter i = new Instrumenter(Log::info, config.debug, config.markCallsites ? t.siteTable() : null, t.classifier());
        Monitor m = new Monitor(t, p, config, AgentRuntime::agentCounters, reclaim);
        t.addListener(m);
        try {
            m.start();
            i.install(inst, attached);
            tracker = t;
            pools = p;
            monitor = m;
            instrumenter = i;
            Bridge.install(t);
        } catch (RuntimeException | Error e) {
            Bridge.uninstall();
            i.uninstall(inst);
            m.stop(1); // join(0) would wait forever
            tracker = null;
            pools = null;
            monitor = null;
            instrumenter = null;
            throw e;
        }
        Thread reporters = new Thread(() -> startReporters(config, t, p, m, reclaim, attached), "conntrack-start");
        reporters.setDaemon(true);
        reporters.start(); // off premain: JFR, JMX and the HTTP server load a few hundred JDK classes
        startMicros = (System.nanoTime() - begin) / 1000;
        System.setProperty(ConnTrack.VERSION_PROPERTY, version());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> onExit(config), "conntrack-shutdown"));
        Log.info("tracking JDBC connections (limit=" + config.limit + ", totalLimit=" + config.totalLimit
                + ", holdThreshold=" + config.holdThresholdMillis + "ms, stacks=" + config.stacks.name().toLowerCase()
                + (config.reclaim != ReclaimMode.OFF ? ", reclaim=" + config.reclaim.name().toLowerCase()
                        + (config.reclaim == ReclaimMode.ABANDONED ? " after " + config.reclaimAfterMillis / 1000 + "s" : "") : "")
                + ", dumps in " + config.dumpDir.toAbsolutePath().normalize() + ")"
                + (attached ? "; attached to a running JVM: connections opened before now are not known" : ""));
    }

    private static void startReporters(Config config, Tracker t, PoolWatch p, Monitor m, Reclaimer reclaim, boolean attached) {
        try {
            MetricsEndpoint.startIfConfigured(config, t, p, m, AgentRuntime::isActive);
        } catch (Throwable e) {
            Log.error("metrics endpoint off (tracking goes on): " + e);
        }
        try {
            JfrSupport.install(t, m, config, reclaim);
        } catch (Throwable e) {
            Log.error("JFR events off (tracking goes on): " + e);
        }
        try {
            JmxSupport.register(new ConnTrackBean(t, p, m, config, version(), AgentRuntime::isActive), attached);
        } catch (Throwable e) {
            Log.error("JMX MBean off (tracking goes on): " + e);
        }
    }

    /**
     * The shutdown hook: stops the monitor and, when application connections are still open, writes the
     * exit dump, all within {@link #EXIT_DEADLINE_MILLIS}. The work runs on a daemon thread of its own;
     * past the deadline the hook returns anyway (the JVM exits) and stderr says the dump was skipped and
     * where that work was stuck. Nothing it waits for can make the exit wait longer.
     */
    private static void onExit(Config config) {
        Tracker t = tracker;
        Monitor m = monitor;
        if (t == null || m == null) {
            return;
        }
        long start = System.nanoTime();
        AtomicReference<String> stage = new AtomicReference<>("stopping the monitor");
        Thread work = new Thread(() -> {
            m.stop(EXIT_STOP_MILLIS);
            long open = t.applicationOpen();
            if (config.dumpOnExit && open > 0) {
                m.dump(new Trigger(Trigger.Type.EXIT, open + " application connection(s) still open at JVM exit", null, open, 0),
                        stage::set);
            }
            stage.set(null);
        }, "conntrack-exit");
        work.setDaemon(true);
        work.start();
        try {
            work.join(EXIT_DEADLINE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String stuck = stage.get();
        if (work.isAlive() && stuck != null) {
            Log.warn("exit dump " + (stuck.startsWith("logging") || stuck.startsWith("telling") ? "incomplete" : "skipped")
                    + ": " + stuck + " did not finish within " + EXIT_DEADLINE_MILLIS + " ms" + Frames.whereStuck(work)
                    + "; the JVM exits without waiting longer (" + (System.nanoTime() - start) / 1_000_000 + " ms after it began to)");
        }
    }

    /** The agent's version, from its jar's manifest; "dev" when run from classes. */
    public static String version() {
        String v = AgentRuntime.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    // The public API, called by name from io.conntrack.ConnTrack: JDK types only.

    public static boolean isActive() {
        return tracker != null && Bridge.installed();
    }

    public static String snapshotJson() {
        Tracker t = tracker;
        PoolWatch p = pools;
        if (t == null || p == null) {
            return null;
        }
        Snapshot s = t.snapshot();
        return DumpJson.renderSnapshot(s, p.states(), agentCounters());
    }

    public static Path dump(String reason) {
        Monitor m = monitor;
        if (m == null) {
            return null;
        }
        String why = reason == null || reason.isEmpty() ? "requested" : reason;
        return m.dump(new Trigger(Trigger.Type.ON_DEMAND, why, null, 0, 0));
    }

    public static void resetPeaks() {
        Tracker t = tracker;
        if (t != null) {
            t.resetPeaks();
        }
    }

    // Test scopes (ConnTrack.beginScope/scopeJson/endScope; the JUnit extension). JDK types only.

    public static long beginScope(String name) {
        return beginScope(name, false);
    }

    public static long beginScope(String name, boolean allThreads) {
        Scopes s = scopes(true);
        return s == null ? 0L : s.begin(name == null ? "" : name, allThreads);
    }

    public static String scopeJson(long id) {
        Scopes s = scopes(false);
        Scopes.Report r = s == null ? null : s.report(id);
        return r == null ? null : ScopeJson.render(r);
    }

    public static String endScope(long id) {
        Scopes s = scopes(false);
        Scopes.Report r = s == null ? null : s.end(id);
        return r == null ? null : ScopeJson.render(r);
    }

    private static Scopes scopes(boolean create) {
        Scopes s = scopes;
        if (s != null || !create) {
            return s;
        }
        synchronized (AgentRuntime.class) {
            Tracker t = tracker;
            if (scopes == null && t != null && isActive()) {
                scopes = new Scopes(t);
            }
            return scopes;
        }
    }

    static Map<String, Long> agentCounters() {
        Map<String, Long> m = new LinkedHashMap<>();
        Instrumenter i = instrumenter;
        if (i != null) {
            m.put("classesSeen", i.classesSeen());
            m.put("classesMatched", i.classesMatched());
            m.put("classesTransformed", i.classesTransformed());
            m.put("callsitesMarked", i.callsitesMarked());
            m.put("supertypeFilesRead", i.supertypeFilesRead());
            m.put("transformerMicros", i.transformerMicros());
            m.put("startMicros", startMicros);
        }
        m.put("trackingOn", Bridge.installed() ? 1L : 0L);
        Tracker t = tracker;
        if (t != null) {
            m.put("droppedEvents", t.droppedEvents());
        }
        return m;
    }

    /** For the agent's own tests (reached by reflection through the agent's loader). */
    static Tracker tracker() {
        return tracker;
    }

    static Monitor monitor() {
        return monitor;
    }
}
