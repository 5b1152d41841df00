package io.conntrack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
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

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain domain;
    private final Attributes manifest;

    AgentClassLoader(File file, ClassLoader parent) throws IOException {
        super("conntrack", parent);
        this.jar = new JarFile(file, false);
        URL url = file.toURI().toURL();
        this.jarUrl = url.toString();
        this.domain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
        Manifest m = jar.getManifest();
        this.manifest = m == null ? new Attributes() : m.getMainAttributes();
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, domain);
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
