package io.conntrack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The start-up floor of any Java agent that transforms classes: a retransform-capable transformer that
 * returns at once. With one registered, the JVM hands every class it loads to Java (reading archived
 * classes' bytes from their jars to do so); the difference between this variant and ConnTrack's is
 * what ConnTrack itself costs (benchmarks 6 and 7, variant {@code noop-agent}).
 */
public final class NoopAgent {

    private NoopAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                                    byte[] bytes) {
                return null;
            }
        }, true);
    }

    /** Writes the agent jar (this class and its transformer, read from the benchmarks jar) into {@code dir}. */
    static Path writeJar(Path dir) throws IOException {
        Path jar = dir.resolve("noop-agent.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", NoopAgent.class.getName());
        m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            for (String cls : new String[] {NoopAgent.class.getName(), NoopAgent.class.getName() + "$1"}) {
                String entry = cls.replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = NoopAgent.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("no " + entry + " in the benchmarks jar");
                    }
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
