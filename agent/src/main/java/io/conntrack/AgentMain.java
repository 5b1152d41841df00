package io.conntrack;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.nio.file.Paths;
import java.util.jar.JarFile;

/**
 * Entry point of {@code -javaagent:conntrack-agent.jar[=options]} and of dynamic attach. It only puts
 * the agent jar on the bootstrap class path and hands over to {@link AgentStarter}, loaded from there:
 * the whole agent then lives in the bootstrap loader, visible to advice in any class loader, and its
 * classes (Byte Buddy included) load without bytecode verification, which keeps start-up short. This
 * class must not reference other agent classes, or they would load a second time from the system
 * class path. Whatever goes wrong ends in one line on stderr; the application always starts.
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
            if (loadedFromBootstrap("io.conntrack.AgentStarter")) {
                System.err.println("[conntrack] already running in this JVM; nothing to do");
                return;
            }
            URI self = AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI();
            File jar = Paths.get(self).toFile();
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            Class.forName("io.conntrack.AgentStarter", true, null)
                    .getMethod("start", String.class, Instrumentation.class, boolean.class, File.class)
                    .invoke(null, args, inst, attached, jar);
        } catch (Throwable t) {
            System.err.println("[conntrack] ERROR could not start (" + t + "). ConnTrack is off; the application runs without it.");
        }
    }

    private static boolean loadedFromBootstrap(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
