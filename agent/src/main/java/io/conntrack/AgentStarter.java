package io.conntrack;

import io.conntrack.config.Config;
import io.conntrack.config.ConfigException;
import io.conntrack.config.ConfigParser;
import io.conntrack.reporting.Log;
import java.io.File;
import java.lang.instrument.Instrumentation;

/** Reads the options and starts ConnTrack; runs in the bootstrap class loader (see {@link AgentMain}). */
public final class AgentStarter {

    private AgentStarter() {
    }

    public static void start(String args, Instrumentation inst, boolean attached, File agentJar) {
        try {
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
            ConnTrack.start(config, inst, attached, agentJar);
        } catch (Throwable t) {
            Log.error("could not start (" + t + "). ConnTrack is off; the application runs without it.");
        }
    }
}
