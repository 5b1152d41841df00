package io.conntrack;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;

/**
 * Entry point of {@code -javaagent:conntrack-agent.jar[=options]}, of dynamic attach and of the CLI
 * ({@code java -jar conntrack-agent.jar}). The JVM loads this class from the system class path; the
 * rest of the agent is not there: its classes are stored under {@code inst/} in the jar and defined by
 * an {@link AgentClassLoader} that the application cannot see. Nothing is appended to the bootstrap
 * class path (that would print a JVM warning and switch class-data sharing off for the application's
 * classes). This class must not reference other agent classes; whatever goes wrong ends in one line
 * on stderr and the application always starts.
 */
public final class AgentMain {

    private static final String STARTER = "io.conntrack.AgentStarter";
    private static final String CLI = "io.conntrack.cli.Main";

    /** The agent's class loader in this JVM, once created (a second attach reuses it). */
    private static AgentClassLoader agentLoader;

    private AgentMain() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** {@code java -jar conntrack-agent.jar <command>}: the CLI, in a loader whose parent sees jdk.attach. */
    public static void main(String[] args) throws Throwable {
        AgentClassLoader cli = new AgentClassLoader(jar(), ClassLoader.getSystemClassLoader());
        try {
            Class.forName(CLI, true, cli).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static synchronized void start(String args, Instrumentation inst, boolean attached) {
        try {
            File jar = jar();
            if (agentLoader == null) {
                agentLoader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
            }
            Class.forName(STARTER, true, agentLoader)
                    .getMethod("start", String.class, Instrumentation.class, boolean.class, File.class)
                    .invoke(null, args, inst, attached, jar);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
            System.err.println("[conntrack] ERROR could not start (" + cause + "). ConnTrack is off; the application runs without it.");
        }
    }

    /** The agent's loader, or null before the agent started: for the public API in {@link ConnTrack}. */
    static synchronized ClassLoader agentLoader() {
        return agentLoader;
    }

    private static File jar() throws Exception {
        return Paths.get(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile();
    }
}
