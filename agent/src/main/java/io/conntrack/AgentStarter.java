package io.conntrack;

import io.conntrack.config.Config;
import io.conntrack.config.ConfigException;
import io.conntrack.config.ConfigParser;
import io.conntrack.reporting.Log;
import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * Reads the options and starts ConnTrack; runs in the agent's own class loader (see {@link AgentMain}).
 * It must not refer to the bridge's types: they exist only once {@link BridgeDefinition} defined them.
 */
public final class AgentStarter {

    /** Why the last start did not happen, for the CLI's attach command; outside "conntrack." which ConfigParser reads as options. */
    static final String ERROR_PROPERTY = "io.conntrack.startError";
    /** The options the running agent started with, one key=value a line ({@link Config#describe}), for the CLI's attach command. */
    static final String OPTIONS_PROPERTY = "io.conntrack.options";

    private AgentStarter() {
    }

    public static synchronized void start(String args, Instrumentation inst, boolean attached, File agentJar) {
        try {
            Config config;
            try {
                config = ConfigParser.parse(args, System.getProperties());
            } catch (ConfigException e) {
                Log.error(e.getMessage() + ". ConnTrack is off; the application runs without it.");
                System.setProperty(ERROR_PROPERTY, e.getMessage());
                return;
            }
            if (!config.enabled) {
                Log.info("disabled by enabled=false");
                System.setProperty(ERROR_PROPERTY, "disabled by enabled=false");
                return;
            }
            String training = aotTraining();
            if (training != null) {
                Log.info("this JVM trains a class-data archive or AOT cache (" + training + "): ConnTrack stays off, so that "
                        + "the archive keeps the application's classes as they are; it tracks in the runs that use it");
                return;
            }
            BridgeDefinition.ensure(inst, agentJar);
            if (AgentRuntime.isRunning()) {
                String given = args == null ? "" : args.trim();
                Log.info("already running in this JVM; nothing to do" + (given.isEmpty() ? ""
                        : ". The options given now (" + given + ") were not applied; those in force: "
                        + System.getProperty(OPTIONS_PROPERTY, "?").replace('\n', ',')));
                return;
            }
            for (String notice : config.notices) {
                Log.warn(notice);
            }
            System.clearProperty(ERROR_PROPERTY);
            AgentRuntime.start(config, inst, attached);
            StringBuilder options = new StringBuilder();
            for (java.util.Map.Entry<String, String> e : config.describe().entrySet()) {
                options.append(e.getKey()).append('=').append(e.getValue()).append('\n');
            }
            System.setProperty(OPTIONS_PROPERTY, options.toString());
        } catch (Throwable t) {
            Log.error("could not start (" + t + "). ConnTrack is off; the application runs without it.");
            System.setProperty(ERROR_PROPERTY, "could not start: " + t);
        }
    }

    /**
     * The option that makes this JDK 24+ JVM record or create an AOT cache or dump a dynamic class-data
     * archive, or null. Classes the agent rewrote while training are left out of the cache, and a cache
     * trained so crashed the JVM that used it (Temurin 25.0.3, in AOTLinkedClassBulkLoader); a dynamic
     * archive dumped with the agent running crashed the dumping JVM (in LambdaProxyClassDictionary).
     * Trained without rewriting, an AOT cache serves every class, and the agent instruments the ones it
     * needs at premain of the runs that use it.
     */
    static String aotTraining() {
        if (Runtime.version().feature() < 24) {
            return null;
        }
        // The command line (read from the OS: no JMX set-up in premain) and the options the JVM takes from the environment.
        java.util.List<String> options = new java.util.ArrayList<>();
        ProcessHandle.current().info().arguments().ifPresent(a -> options.addAll(java.util.Arrays.asList(a)));
        for (String env : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}) {
            String v = System.getenv(env);
            if (v != null) {
                options.addAll(java.util.Arrays.asList(v.trim().split("\\s+")));
            }
        }
        for (String a : options) {
            if (a.equals("-XX:AOTMode=record") || a.equals("-XX:AOTMode=create") || a.startsWith("-XX:AOTCacheOutput")
                    || a.startsWith("-XX:ArchiveClassesAtExit")) {
                return a;
            }
        }
        return null;
    }

}
