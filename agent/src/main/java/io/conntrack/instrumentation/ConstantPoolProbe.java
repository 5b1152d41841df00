package io.conntrack.instrumentation;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;

/**
 * Whether a class that is already loaded names a given string in its constant pool, read from the
 * pool the JVM holds in memory ({@code jdk.internal.reflect.ConstantPool}, exported to the agent's
 * module alone, opened for its natives). A JDK 25 AOT cache loads thousands of application classes before premain; reading
 * each one's class file from its jar, to find the few that call {@code getConnection()}, took over a
 * second. {@link #open} says false where the JDK lacks that API: the caller reads class files then.
 */
final class ConstantPoolProbe {

    private static final String PACKAGE = "jdk.internal.reflect";
    /** The class-file tag of a UTF-8 constant. */
    private static final byte UTF8 = 1;

    private ConstantPoolProbe() {
    }

    /** Exports the JDK's constant-pool reader to the agent; false if this JDK has none (or refuses). */
    static boolean open(Instrumentation inst) {
        try {
            Module base = Object.class.getModule();
            Module self = ConstantPoolProbe.class.getModule();
            if (!base.isOpen(PACKAGE, self)) {
                inst.redefineModule(base, Set.of(), Map.of(), Map.of(PACKAGE, Set.of(self)), Set.of(), Map.of());
            }
            return Handles.UTF8_AT != null;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Whether {@code type}'s constant pool holds the UTF-8 entry {@code text}; only after {@link #open} said true. */
    static boolean names(Class<?> type, String text) throws Throwable {
        Object pool = (Object) Handles.POOL_OF.invokeExact(type);
        if (pool == null) {
            return false; // an array or primitive type
        }
        int n = (int) Handles.SIZE.invokeExact(pool);
        for (int i = 1; i < n; i++) {
            // The natives behind getTagAt/getUTF8At: getTagAt maps each tag to an enum through values(), a copy per call.
            if ((byte) Handles.TAG_AT.invokeExact(pool, (Object) null, i) == UTF8
                    && text.equals((String) Handles.UTF8_AT.invokeExact(pool, (Object) null, i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Looked up once, after the package was opened; constants, so that the JIT compiles the calls
     * directly. The natives take the pool object and an unused second argument.
     */
    private static final class Handles {
        static final MethodHandle POOL_OF;
        static final MethodHandle SIZE;
        static final MethodHandle TAG_AT;
        static final MethodHandle UTF8_AT;

        static {
            MethodHandle poolOf = null;
            MethodHandle size = null;
            MethodHandle tagAt = null;
            MethodHandle utf8At = null;
            try {
                Class<?> pool = Class.forName(PACKAGE + ".ConstantPool");
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                MethodHandles.Lookup inPool = MethodHandles.privateLookupIn(pool, lookup);
                poolOf = MethodHandles.privateLookupIn(Class.class, lookup)
                        .findVirtual(Class.class, "getConstantPool", MethodType.methodType(pool))
                        .asType(MethodType.methodType(Object.class, Class.class));
                size = inPool.findVirtual(pool, "getSize", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Object.class));
                tagAt = inPool.findVirtual(pool, "getTagAt0", MethodType.methodType(byte.class, Object.class, int.class))
                        .asType(MethodType.methodType(byte.class, Object.class, Object.class, int.class));
                utf8At = inPool.findVirtual(pool, "getUTF8At0", MethodType.methodType(String.class, Object.class, int.class))
                        .asType(MethodType.methodType(String.class, Object.class, Object.class, int.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                utf8At = null; // open() says false
            }
            POOL_OF = poolOf;
            SIZE = size;
            TAG_AT = tagAt;
            UTF8_AT = utf8At;
        }
    }
}
