package io.conntrack;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.config.Config;
import io.conntrack.instrumentation.Instrumenter;
import io.conntrack.reporting.DumpJson;
import io.conntrack.reporting.Log;
import io.conntrack.reporting.Monitor;
import io.conntrack.reporting.Trigger;
import io.conntrack.tracking.Snapshot;
import io.conntrack.tracking.Tracker;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running agent: starts its parts in order and holds them. The public {@link ConnTrack} facade
 * (on the application's class path) reaches the static methods below by name; the agent's own
 * reporters (JMX, metrics, JFR) get what they read when they are built.
 */
public final class AgentRuntime {

    private static volatile Tracker tracker;
    private static volatile Monitor monitor;
    private static volatile Instrumenter instrumenter;

    private AgentRuntime() {
    }

    static boolean isRunning() {
        return tracker != null;
    }

    static void start(Config config, Instrumentation inst, boolean attached) {
        Tracker t = new Tracker(config, Log::error);
        Instrumenter i = new Instrumenter(Log::info, config.debug, config.markCallsites ? t.siteTable() : null, t.classifier());
        Monitor m = new Monitor(t, config, AgentRuntime::agentCounters);
        t.addListener(m);
        tracker = t;
        monitor = m;
        instrumenter = i;
        Bridge.install(t);
        i.install(inst, attached);
        m.start();
        io.conntrack.metrics.MetricsEndpoint.startIfConfigured(config, t, m, AgentRuntime::isActive);
        try {
            io.conntrack.jfr.JfrSupport.install(t, m, config);
        } catch (Throwable e) {
            Log.error("JFR events off (tracking goes on): " + e);
        }
        try {
            io.conntrack.jmx.JmxSupport.register(new io.conntrack.jmx.ConnTrackBean(t, m, config, version(),
                    AgentRuntime::agentCounters, AgentRuntime::isActive), attached);
        } catch (Throwable e) {
            Log.error("JMX MBean off (tracking goes on): " + e);
        }
        System.setProperty(ConnTrack.VERSION_PROPERTY, version());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> onExit(config), "conntrack-shutdown"));
        Log.info("tracking JDBC connections (limit=" + config.limit + ", totalLimit=" + config.totalLimit
                + ", holdThreshold=" + config.holdThresholdMillis + "ms, stacks=" + config.stacks.name().toLowerCase()
                + ", dumps in " + config.dumpDir.toAbsolutePath().normalize() + ")"
                + (attached ? "; attached to a running JVM: connections opened before now are not known" : ""));
    }

    private static void onExit(Config config) {
        Tracker t = tracker;
        Monitor m = monitor;
        if (t == null || m == null) {
            return;
        }
        m.stop(200);
        if (config.dumpOnExit && t.applicationOpen() > 0) {
            m.dump(new Trigger(Trigger.Type.EXIT, t.applicationOpen() + " application connection(s) still open at JVM exit",
                    null, t.applicationOpen(), 0));
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
        if (t == null) {
            return null;
        }
        Snapshot s = t.snapshot();
        return DumpJson.renderSnapshot(s, agentCounters());
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

    static Map<String, Long> agentCounters() {
        Map<String, Long> m = new LinkedHashMap<>();
        Instrumenter i = instrumenter;
        if (i != null) {
            m.put("classesSeen", i.classesSeen());
            m.put("classesMatched", i.classesMatched());
            m.put("classesTransformed", i.classesTransformed());
            m.put("callsitesMarked", i.callsitesMarked());
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
