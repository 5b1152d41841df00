package io.conntrack.jfr;

import io.conntrack.config.Config;
import io.conntrack.reclaim.Reclaimer;
import io.conntrack.reporting.Log;
import io.conntrack.reporting.Monitor;
import io.conntrack.tracking.Tracker;

/**
 * Entry point of the JFR events, safe on any JVM: references no jdk.jfr type itself, so a runtime
 * without the jdk.jfr module (a jlink image) only loses the events.
 */
public final class JfrSupport {

    private JfrSupport() {
    }

    /** Registers the events when {@code jfr=true} and this JVM has JFR; returns whether it did. */
    public static boolean install(Tracker tracker, Monitor monitor, Config config) {
        return install(tracker, monitor, config, null);
    }

    /** As above, with the reclaims' events ({@code reclaim}); {@code reclaimer} may be null. */
    public static boolean install(Tracker tracker, Monitor monitor, Config config, Reclaimer reclaimer) {
        if (!config.jfr) {
            return false;
        }
        if (!ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
            Log.info("JFR events off: this Java runtime has no jdk.jfr module");
            return false;
        }
        try {
            new JfrRecorder(tracker, config.holdThresholdMillis).install(monitor, reclaimer);
            return true;
        } catch (Throwable t) { // LinkageError included: a runtime whose jdk.jfr cannot load
            Log.error("JFR events off, they could not be registered (tracking goes on): " + t);
            return false;
        }
    }
}
