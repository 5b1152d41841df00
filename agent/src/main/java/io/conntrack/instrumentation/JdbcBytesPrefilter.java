package io.conntrack.instrumentation;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Start-up guard: Byte Buddy only ever sees a class whose bytes mention {@code java/sql/} or
 * {@code javax/sql/}. Every class that implements a JDBC type or declares a JDBC method names one
 * in its constant pool, so this cheap byte scan skips parsing the thousands of classes an
 * application loads that have nothing to do with JDBC. (A subclass that overrides {@code close()}
 * without naming any JDBC type is still covered by its superclass's instrumented {@code close()}
 * when it calls {@code super.close()}.)
 */
final class JdbcBytesPrefilter extends ResettableClassFileTransformer.WithDelegation {

    private static final byte[] JAVA_SQL = {'j', 'a', 'v', 'a', '/', 's', 'q', 'l', '/'};
    private static final byte[] JAVAX_SQL = {'j', 'a', 'v', 'a', 'x', '/', 's', 'q', 'l', '/'};

    final LongAdder seen = new LongAdder();
    final LongAdder passed = new LongAdder();

    JdbcBytesPrefilter(ResettableClassFileTransformer delegate) {
        super(delegate);
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
            throws IllegalClassFormatException {
        return admits(loader, redefined, bytes) ? classFileTransformer.transform(loader, name, redefined, domain, bytes) : null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) throws IllegalClassFormatException {
        return admits(loader, redefined, bytes)
                ? classFileTransformer.transform(module, loader, name, redefined, domain, bytes) : null;
    }

    private boolean admits(ClassLoader loader, Class<?> redefined, byte[] bytes) {
        if (loader == null || bytes == null) {
            return false; // bootstrap classes: the JDK has no Connection, Driver or DataSource implementation
        }
        seen.increment();
        if (redefined != null || contains(bytes, JAVA_SQL) || contains(bytes, JAVAX_SQL)) {
            passed.increment();
            return true;
        }
        return false;
    }

    static boolean contains(byte[] hay, byte[] needle) {
        byte first = needle[0];
        int last = hay.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
