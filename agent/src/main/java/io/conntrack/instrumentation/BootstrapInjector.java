package io.conntrack.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes ({@code io.conntrack.bootstrap}) on the bootstrap class path, so that advice
 * inlined into classes of any class loader can call them. Must run before anything loads them.
 */
public final class BootstrapInjector {

    static final String[] BRIDGE_CLASSES = {
        "io/conntrack/bootstrap/Bridge.class",
        "io/conntrack/bootstrap/Hooks.class",
    };

    private BootstrapInjector() {
    }

    /** True when a ConnTrack agent already put its bridge on the bootstrap class path of this JVM. */
    public static boolean alreadyInjected() {
        try {
            Class.forName("io.conntrack.bootstrap.Bridge", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static void inject(Instrumentation inst, ClassLoader agentLoader) throws IOException {
        Path dir = Files.createTempDirectory("conntrack-bootstrap"); // owner-only on POSIX
        Path jar = dir.resolve("conntrack-bootstrap.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out)) {
            for (String name : BRIDGE_CLASSES) {
                try (InputStream in = agentLoader.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("the agent jar lacks " + name);
                    }
                    jos.putNextEntry(new JarEntry(name));
                    in.transferTo(jos);
                    jos.closeEntry();
                }
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        jar.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
    }
}
