package io.conntrack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the bridge, the only agent classes that woven code calls, where every class loader and every
 * module sees them: in the bootstrap loader, in package {@code java.lang} of {@code java.base}, which
 * every module reads and every loader delegates to. The build relocates {@code io.conntrack.bootstrap.X}
 * to {@code java.lang.ConnTrackX}. They are defined through a {@link MethodHandles.Lookup} on
 * {@code Object}, after {@link Instrumentation#redefineModule} opened {@code java.lang} to this agent's
 * own (unnamed) module only: nothing is appended to the bootstrap class path, so the JVM prints no
 * warning and keeps loading the application's classes from its class-data sharing archive.
 */
final class BridgeDefinition {

    /** Internal names after relocation, in the order they must be defined. */
    private static final String[] CLASSES = {"java/lang/ConnTrackHooks", "java/lang/ConnTrackBridge"};

    private BridgeDefinition() {
    }

    /** Defines the bridge unless an earlier start in this JVM did. */
    static void ensure(Instrumentation inst, File agentJar) throws IOException, ReflectiveOperationException {
        if (defined()) {
            return;
        }
        Module base = Object.class.getModule();
        Module self = BridgeDefinition.class.getModule();
        if (!base.isOpen("java.lang", self)) {
            inst.redefineModule(base, Set.of(), Map.of(), Map.of("java.lang", Set.of(self)), Set.of(), Map.of());
        }
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup());
        if (agentJar != null && agentJar.isFile()) {
            // Straight from the jar (AgentClassLoader's layout): a resource lookup would first search the JDK's
            // modules, opening the runtime image's reader, then go through a jar: URL connection.
            try (JarFile jar = new JarFile(agentJar, false)) {
                for (String name : CLASSES) {
                    JarEntry entry = jar.getJarEntry("inst/" + name + ".classdata");
                    if (entry == null) {
                        throw new IOException("the agent jar has no " + name + ": a broken build");
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        lookup.defineClass(in.readAllBytes());
                    }
                }
            }
            return;
        }
        for (String name : CLASSES) { // run from classes: the agent's own tests
            lookup.defineClass(bytes(name));
        }
    }

    private static boolean defined() {
        try {
            Class.forName(CLASSES[CLASSES.length - 1].replace('/', '.'), false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static byte[] bytes(String internalName) throws IOException {
        try (InputStream in = BridgeDefinition.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IOException("the agent jar has no " + internalName + ": a broken build");
            }
            return in.readAllBytes();
        }
    }
}
