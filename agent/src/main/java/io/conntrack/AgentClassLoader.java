package io.conntrack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Defines the agent's classes from the {@code inst/} folder of the agent jar, where they are stored as
 * {@code .classdata}: the system class loader, which has the jar on its class path, cannot find them
 * under their names, so the application can neither load nor scan them. Resources are mapped the
 * same way ({@code a/B.class} is read from {@code inst/a/B.classdata}), which is how Byte Buddy reads
 * the advice classes. The parent is the platform loader for the agent (java.sql, jdk.httpserver,
 * java.management visible, the application not) and the system loader for the CLI (jdk.attach).
 */
final class AgentClassLoader extends ClassLoader {

    static final String PREFIX = "inst/";
    /** Byte Buddy (but its ASM, which the weaver uses): a jar in the jar, read only when the fallback is first used. */
    static final String BYTE_BUDDY_JAR = PREFIX + "byte-buddy.jar";
    private static final String BYTE_BUDDY = "io.conntrack.shaded.net.bytebuddy.";
    private static final String ASM = BYTE_BUDDY + "jar.asm.";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain domain;
    private final Attributes manifest;
    /** Byte Buddy's jar once extracted and opened; or why that failed (said once, by the class that needed it). */
    private JarFile byteBuddy;
    private IOException byteBuddyFailure;

    AgentClassLoader(File file, ClassLoader parent) throws IOException {
        super("conntrack", parent);
        this.jar = new JarFile(file, false);
        URL url = file.toURI().toURL();
        this.jarUrl = url.toString();
        this.domain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
        Manifest m = jar.getManifest();
        this.manifest = m == null ? new Attributes() : m.getMainAttributes();
    }

    /**
     * JDK classes come straight from the boot loader, without the per-name lock of {@code ClassLoader.loadClass}.
     * The JVM calls this the first time agent code resolves a class, also on an application's virtual
     * thread; waiting there for that lock (another thread resolving the same name at once, as thousands
     * of first borrows do) pins the thread to its carrier, since the JVM's call into this method is a
     * native frame (JFR's jdk.VirtualThreadPinned on JDK 25, "Contended monitor enter").
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("java.") && !name.startsWith("java.sql.")) {
            try {
                return Class.forName(name, false, null);
            } catch (ClassNotFoundException platformModule) {
                // java.net.http and the like: the parent finds it
            }
        }
        return super.loadClass(name, resolve);
    }

    /** The lock {@code ClassLoader.loadClass} holds while it loads {@code name} (for the tests). */
    Object loadingLock(String name) {
        return getClassLoadingLock(name);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarFile source = jar;
        String path = PREFIX + name.replace('.', '/') + ".classdata";
        if (name.startsWith(BYTE_BUDDY) && !name.startsWith(ASM)) {
            source = byteBuddyJar(name);
            path = name.replace('.', '/') + ".class";
        }
        JarEntry entry = source.getJarEntry(path);
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = source.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    /**
     * Byte Buddy's jar, copied out of the agent jar into a new owner-only temporary folder at first
     * need and opened there; the copy is deleted at once where the system allows deleting an open
     * file, else at exit. Most JVMs never get here: the ASM weaver handles nearly every class.
     */
    private synchronized JarFile byteBuddyJar(String forClass) throws ClassNotFoundException {
        if (byteBuddy == null && byteBuddyFailure == null) {
            try {
                byteBuddy = extract(BYTE_BUDDY_JAR);
            } catch (IOException | RuntimeException e) {
                byteBuddyFailure = e instanceof IOException ? (IOException) e : new IOException(e);
            }
        }
        if (byteBuddy == null) {
            throw new ClassNotFoundException(forClass + " (Byte Buddy could not be read from the agent jar: "
                    + byteBuddyFailure + ")", byteBuddyFailure);
        }
        return byteBuddy;
    }

    private JarFile extract(String entryName) throws IOException {
        JarEntry entry = jar.getJarEntry(entryName);
        if (entry == null) {
            throw new IOException("the agent jar has no " + entryName + ": a broken build");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("conntrack-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            dir = Files.createTempDirectory("conntrack-");
        }
        Path file = dir.resolve(entryName.substring(entryName.lastIndexOf('/') + 1));
        try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, file);
        }
        JarFile opened = new JarFile(file.toFile(), false);
        try {
            Files.delete(file);
            Files.delete(dir);
        } catch (IOException stillOpenHere) {
            dir.toFile().deleteOnExit(); // run in reverse order: the file, then its folder
            file.toFile().deleteOnExit();
        }
        return opened;
    }

    /** With the jar's version, so that {@code getPackage().getImplementationVersion()} works in the agent. */
    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        if (getDefinedPackage(pkg) != null) {
            return;
        }
        try {
            definePackage(pkg, null, null, null, manifest.getValue(Attributes.Name.IMPLEMENTATION_TITLE),
                    manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION), null, null);
        } catch (IllegalArgumentException definedMeanwhile) {
            // another thread defined it first
        }
    }

    @Override
    protected URL findResource(String name) {
        String path = PREFIX + (name.endsWith(".class") ? name.substring(0, name.length() - 6) + ".classdata" : name);
        if (jar.getEntry(path) == null) {
            return null;
        }
        try {
            return URI.create("jar:" + jarUrl + "!/" + path).toURL();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
