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

    /** Supertypes' class files read (as resources of their loaders): the costly part of classifying. */
    final java.util.concurrent.atomic.LongAdder filesRead = new java.util.concurrent.atomic.LongAdder();
    /** Per class loader: internal name to its bits. */
    private final Map<ClassLoader, Map<String, Integer>> known = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The advised JDBC types among the supertypes of the class in {@code bytes}; NONE for an
     * interface or annotation; UNKNOWN (alone or with others) when that cannot be fully told.
     */
    int classify(ClassLoader loader, byte[] bytes) {
        return classify(loader, bytes, true);
    }

    /**
     * As {@link #classify(ClassLoader, byte[])}, but when {@code always} is false, NONE at once for a
     * class that declares no method any advice applies to ({@link #mayBeAdvised}): its supertypes are
     * not read (most classes that mention JDBC merely use it), and nothing is remembered of it.
     */
    int classify(ClassLoader loader, byte[] bytes, boolean always) {
        if (!always && !namesAdvisableMethod(bytes)) {
            return NONE; // four in five classes that mention JDBC: no class reader needed to know
        }
        ClassHeader h = ClassHeader.parse(bytes);
        if (h == null) {
            return UNKNOWN;
        }
        if (h.isInterface) {
            return NONE; // interfaces carry no code to instrument
        }
        if (!always && !h.declaresAdvisableMethod) {
            return NONE;
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
        filesRead.increment();
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

    /**
     * Whether a method with this name could get advice in some JDBC type ({@link AdviceWeaver#adviceFor}
     * decides exactly, once the types are known): a body, and one of the four names.
     */
    static boolean mayBeAdvised(int access, String name) {
        return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) == 0
                && (name.equals("close") || name.equals("getConnection") || name.equals("connect") || name.equals("abort"));
    }

    private static final byte[] CLOSE = {'c', 'l', 'o', 's', 'e'};
    private static final byte[] ABORT = {'a', 'b', 'o', 'r', 't'};
    private static final byte[] CONNECT = {'c', 'o', 'n', 'n', 'e', 'c', 't'};
    static final byte[] GET_CONNECTION = {'g', 'e', 't', 'C', 'o', 'n', 'n', 'e', 'c', 't', 'i', 'o', 'n'};

    /**
     * Whether the constant pool holds one of the four names {@link #mayBeAdvised} accepts, as a UTF-8
     * entry of its own (tag 1, two length bytes, the name): a class that declares such a method must.
     * Cheaper than a class reader, and false for most classes that merely use JDBC.
     */
    static boolean namesAdvisableMethod(byte[] b) {
        for (int i = 10, end = b.length - 3; i < end; i++) { // the constant pool starts at offset 10
            if (b[i] == 1 && b[i + 1] == 0) {
                int length = b[i + 2];
                if (length == 5 && (matches(b, i + 3, CLOSE) || matches(b, i + 3, ABORT))
                        || length == 7 && matches(b, i + 3, CONNECT) || length == 13 && matches(b, i + 3, GET_CONNECTION)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(byte[] b, int at, byte[] name) {
        if (at + name.length > b.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (b[at + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** The start of a class file: access flags, names of the class, its superclass and interfaces. */
    static final class ClassHeader {
        final boolean isInterface;
        final String name;
        final String superName;
        final String[] interfaces;
        /** Some declared method passes {@link #mayBeAdvised}. */
        final boolean declaresAdvisableMethod;

        private ClassHeader(ClassReader r) {
            this.isInterface = (r.getAccess() & Opcodes.ACC_INTERFACE) != 0;
            this.name = r.getClassName();
            this.superName = r.getSuperName();
            this.interfaces = r.getInterfaces();
            this.declaresAdvisableMethod = !isInterface && declaresAdvisableMethod(r);
        }

        /** Walks the fields and methods tables (names only, no code): cheaper than reading one supertype. */
        private static boolean declaresAdvisableMethod(ClassReader r) {
            char[] buffer = new char[r.getMaxStringLength()];
            int u = r.header + 6; // access_flags, this_class, super_class
            u += 2 + 2 * r.readUnsignedShort(u); // interfaces
            int fields = r.readUnsignedShort(u);
            u += 2;
            for (int i = 0; i < fields; i++) {
                u = skipMember(r, u);
            }
            int methods = r.readUnsignedShort(u);
            u += 2;
            for (int i = 0; i < methods; i++) {
                if (mayBeAdvised(r.readUnsignedShort(u), r.readUTF8(u + 2, buffer))) {
                    return true;
                }
                u = skipMember(r, u);
            }
            return false;
        }

        /** The offset after the field_info or method_info at {@code u}. */
        private static int skipMember(ClassReader r, int u) {
            int attributes = r.readUnsignedShort(u + 6);
            u += 8;
            for (int a = 0; a < attributes; a++) {
                u += 6 + r.readInt(u + 2);
            }
            return u;
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
