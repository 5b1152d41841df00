package io.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the agent's loader finds classes: its own from {@code inst/}, the JDK's from the JDK, with no wait on a lock for java.*. */
class AgentClassLoaderTest {

    @TempDir
    Path dir;

    @Test
    void itsOwnClassesComeFromInstAndNoOtherName() throws Exception {
        AgentClassLoader loader = loader();
        Class<?> own = loader.loadClass(Sample.class.getName());
        assertSame(loader, own.getClassLoader());
        assertEquals(Sample.class.getName(), own.getName());
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.conntrack.NoSuchClass"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("java.lang.NoSuchClass"));
    }

    @Test
    void jdkClassesAreTheJdksOwn() throws Exception {
        AgentClassLoader loader = loader();
        assertSame(LongAdder.class, loader.loadClass("java.util.concurrent.atomic.LongAdder"));
        assertSame(java.sql.Connection.class, loader.loadClass("java.sql.Connection")); // the platform loader's
        assertSame(ClassLoader.getPlatformClassLoader().loadClass("java.net.http.HttpClient"),
                loader.loadClass("java.net.http.HttpClient")); // a platform module outside java.sql
    }

    /**
     * The JVM resolves agent code's JDK classes through this loader, also on an application's virtual
     * thread: it must not wait there while another thread holds that name's loading lock.
     */
    @Test
    void aJdkClassIsGivenWhileAnotherThreadHoldsItsLoadingLock() throws Exception {
        AgentClassLoader loader = loader();
        String name = "java.util.concurrent.atomic.LongAccumulator";
        synchronized (loader.loadingLock(name)) {
            CompletableFuture<Class<?>> loaded = CompletableFuture.supplyAsync(() -> {
                try {
                    return loader.loadClass(name);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertSame(java.util.concurrent.atomic.LongAccumulator.class, loaded.get(10, TimeUnit.SECONDS));
        }
    }

    private AgentClassLoader loader() throws Exception {
        File jar = dir.resolve("agent.jar").toFile();
        String path = Sample.class.getName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar.toPath()));
                InputStream in = Sample.class.getResourceAsStream("/" + path + ".class")) {
            out.putNextEntry(new JarEntry(AgentClassLoader.PREFIX + path + ".classdata"));
            in.transferTo(out);
            out.closeEntry();
        }
        return new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
    }

    /** A class the test jar holds under inst/. */
    public static final class Sample {
    }
}
