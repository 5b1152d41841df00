package io.conntrack.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Jars the hardening tests need beyond the test class path. */
final class ItLibs {

    private ItLibs() {
    }

    /** Byte Buddy 1.14.18, copied to target/it-libs by the build: "the application's own" Byte Buddy. */
    static Path appByteBuddy() {
        Path p = Paths.get(System.getProperty("conntrack.it.libs", "target/it-libs"), "app-byte-buddy-1.14.18.jar");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: run through mvn verify (dependency:copy runs before the ITs)");
        }
        return p.toAbsolutePath();
    }

    /** Writes an agent jar with {@code premain} in {@code agentClass} and every class of its package. */
    static Path agentJar(Class<?> agentClass, Path dir) throws IOException {
        Path classes;
        try {
            classes = Paths.get(agentClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        String pkg = agentClass.getPackageName().replace('.', '/');
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Premain-Class", agentClass.getName());
        mf.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path jar = dir.resolve(agentClass.getSimpleName() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
             var files = Files.list(classes.resolve(pkg))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
