package io.conntrack.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Tells, from class files alone, which advised JDBC types a class implements. Most classes that
 * mention {@code java/sql/} merely use JDBC (a DAO, a pool's helper) and are left alone at once.
 * Reads the class's own bytes, then its supertypes' class files as resources of its loader, and
 * remembers every answer per loader. Never loads a class.
 * <p>
 * The answer is a set of bits: {@link #DRIVER}, {@link #DATASOURCE}, {@link #POOLED},
 * {@link #CONNECTION}, and {@link #UNKNOWN} when some supertype has no class file (one generated
 * at run time): such a class goes to Byte Buddy's exact matching instead.
 */
final class JdbcHierarchy {

    static final int NONE = 0;
    static final int DRIVER = 1;
    static final int DATASOURCE = 2;
    static final int POOLED = 4;
    static final int CONNECTION = 8;
    static final int UNKNOWN = 16;

    private static final int MAX_DEPTH = 64;
    private static final int MAX_NAMES_PER_LOADER = 20_000;

    /** Per class loader: internal name to its bits. */
    private final Map<ClassLoader, Map<String, Integer>> known = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The advised JDBC types among the supertypes of the class in {@code bytes}; NONE for an
     * interface or annotation; UNKNOWN (alone or with others) when that cannot be fully told.
     */
    int classify(ClassLoader loader, byte[] bytes) {
        ClassHeader h = ClassHeader.parse(bytes);
        if (h == null) {
            return UNKNOWN;
        }
        if (h.isInterface) {
            return NONE; // interfaces carry no code to instrument
        }
        int verdict = supertypes(loader, h, 0);
        remember(loader, h.name, verdict);
        return verdict;
    }

    private int supertypes(ClassLoader loader, ClassHeader h, int depth) {
        int kinds = h.superName == null ? NONE : typeNamed(loader, h.superName, depth + 1);
        for (String i : h.interfaces) {
            kinds |= typeNamed(loader, i, depth + 1);
        }
        return kinds;
    }

    private int typeNamed(ClassLoader loader, String name, int depth) {
        if (name.startsWith("java/sql/") || name.startsWith("javax/sql/")) {
            return kindOf(name);
        }
        if (name.startsWith("java/")) {
            return NONE; // the rest of java.* implements no JDBC type
        }
        Map<String, Integer> names = namesOf(loader);
        Integer cached = names.get(name);
        if (cached != null) {
            return cached;
        }
        int verdict = depth > MAX_DEPTH ? UNKNOWN : read(loader, name, depth);
        remember(loader, name, verdict);
        return verdict;
    }

    private int read(ClassLoader loader, String name, int depth) {
        byte[] bytes;
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(name + ".class")
                : loader.getResourceAsStream(name + ".class")) {
            if (in == null) {
                return UNKNOWN;
            }
            bytes = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        ClassHeader h = ClassHeader.parse(bytes);
        return h == null ? UNKNOWN : supertypes(loader, h, depth);
    }

    /** The JDBC types whose implementations get advice, and their JDK subtypes. */
    static int kindOf(String internalName) {
        switch (internalName) {
            case "java/sql/Driver":
                return DRIVER;
            case "java/sql/Connection":
                return CONNECTION;
            case "javax/sql/DataSource":
                return DATASOURCE;
            case "javax/sql/PooledConnection":
            case "javax/sql/XAConnection":
                return POOLED;
            default:
                return NONE;
        }
    }

    private void remember(ClassLoader loader, String name, int verdict) {
        if (name == null) {
            return;
        }
        Map<String, Integer> names = namesOf(loader);
        if (names.size() >= MAX_NAMES_PER_LOADER) {
            names.clear(); // a bound, not an eviction policy: answers are cheap to find again
        }
        names.put(name, verdict);
    }

    private Map<String, Integer> namesOf(ClassLoader loader) {
        return known.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }

    /** The start of a class file: access flags, names of the class, its superclass and interfaces. */
    static final class ClassHeader {
        final boolean isInterface;
        final String name;
        final String superName;
        final String[] interfaces;

        private ClassHeader(ClassReader r) {
            this.isInterface = (r.getAccess() & Opcodes.ACC_INTERFACE) != 0;
            this.name = r.getClassName();
            this.superName = r.getSuperName();
            this.interfaces = r.getInterfaces();
        }

        /** Null when the bytes are not a class file ASM understands (truncated, too new). */
        static ClassHeader parse(byte[] b) {
            try {
                return new ClassHeader(new ClassReader(b)); // reads the constant pool's offsets, nothing more
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
