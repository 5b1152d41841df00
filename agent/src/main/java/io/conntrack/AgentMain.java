package io.conntrack;

import io.conntrack.config.Config;
import io.conntrack.config.ConfigException;
import io.conntrack.config.ConfigParser;
import io.conntrack.instrumentation.BootstrapInjector;
import io.conntrack.reporting.Log;
import java.lang.instrument.Instrumentation;

/**
 * Entry point of {@code -javaagent:conntrack-agent.jar[=options]} and of dynamic attach. Whatever
 * goes wrong here ends in one line on stderr; the application always starts.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            if (BootstrapInjector.alreadyInjected()) {
                Log.info("already running in this JVM; nothing to do");
                return;
            }
            Config config;
            try {
                config = ConfigParser.parse(args, System.getProperties());
            } catch (ConfigException e) {
                Log.error(e.getMessage() + ". ConnTrack is off; the application runs without it.");
                return;
            }
            if (!config.enabled) {
                Log.info("disabled by enabled=false");
                return;
            }
            BootstrapInjector.inject(inst, AgentMain.class.getClassLoader());
            ConnTrack.start(config, inst, attached);
        } catch (Throwable t) {
            Log.error("could not start (" + t + "). ConnTrack is off; the application runs without it.");
        }
    }
}
