package io.conntrack;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.config.Config;
import io.conntrack.instrumentation.CallsiteMarking;
import io.conntrack.instrumentation.Instrumenter;
import io.conntrack.reporting.DumpJson;
import io.conntrack.reporting.Log;
import io.conntrack.reporting.Monitor;
import io.conntrack.reporting.Trigger;
import io.conntrack.tracking.Snapshot;
import io.conntrack.tracking.Tracker;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public, read-only face of a running agent: counters per callsite and dumps on demand. Present
 * on the system class path of any JVM started with the agent; every method is safe to call when the
 * agent is not running (it then returns null).
 */
public final class ConnTrack {

    private static volatile Tracker tracker;
    private static volatile Monitor monitor;
    private static volatile Instrumenter instrumenter;
    private static volatile CallsiteMarking marking;

    private ConnTrack() {
    }

    static void start(Config config, Instrumentation inst, boolean attached, File agentJar) throws IOException {
        Tracker t = new Tracker(config, Log::error);
        Instrumenter i = new Instrumenter(Log::info, config.debug);
        Monitor m = new Monitor(t, config, ConnTrack::agentCounters);
        t.setListener(m);
        tracker = t;
        monitor = m;
        instrumenter = i;
        Bridge.install(t);
        i.install(inst, attached, agentJar);
        if (config.markCallsites) {
            CallsiteMarking marking = new CallsiteMarking(inst, Log::info);
            marking.install();
            t.setMarker(marking);
            m.addPeriodicTask("call-site marking", marking::applyPending);
            ConnTrack.marking = marking;
        }
        m.start();
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

    /** True when the agent is running in this JVM. */
    public static boolean isActive() {
        return tracker != null && Bridge.installed();
    }

    /** Every callsite's counters now, or null when the agent is not running. */
    public static Snapshot snapshot() {
        Tracker t = tracker;
        return t == null ? null : t.snapshot();
    }

    /** The snapshot as JSON (totals and callsites, as in a dump), or null when the agent is not running. */
    public static String snapshotJson() {
        Snapshot s = snapshot();
        if (s == null) {
            return null;
        }
        return DumpJson.renderSnapshot(s, agentCounters());
    }

    /**
     * Writes a dump now, whatever the rate limit, and returns the JSON file's path; null when the
     * agent is not running or the dump folder is unwritable (the dump then went to stderr).
     */
    public static Path dump(String reason) {
        Monitor m = monitor;
        if (m == null) {
            return null;
        }
        String why = reason == null || reason.isEmpty() ? "requested" : reason;
        return m.dump(new Trigger(Trigger.Type.ON_DEMAND, why, null, 0, 0));
    }

    /** Resets every peak to the current open count. */
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
        }
        CallsiteMarking cm = marking;
        if (cm != null) {
            m.put("callsitesMarked", cm.marked());
            m.put("callsitesNotMarked", cm.refused());
        }
        m.put("trackingOn", Bridge.installed() ? 1L : 0L);
        return m;
    }

    /** The running tracker, for the agent's own reporters (JMX, metrics, JFR). */
    public static Tracker tracker() {
        return tracker;
    }

    public static Monitor monitor() {
        return monitor;
    }

}
