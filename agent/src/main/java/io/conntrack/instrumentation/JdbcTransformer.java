package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.FrameClassifier;
import io.conntrack.tracking.SiteTable;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The agent's one class file transformer. Start-up matters, so it does as little as it can:
 * <ol>
 *   <li>classes of the JDK's own loaders (bootstrap and platform) and of the agent are never looked at;</li>
 *   <li>a byte scan passes on only classes whose constant pool mentions {@code java/sql/} or
 *       {@code javax/sql/} — every class that implements a JDBC type or declares a JDBC method does;</li>
 *   <li>of those, {@link JdbcHierarchy} tells from class files (cached per loader) which JDBC types
 *       each implements; most implement none and are left alone;</li>
 *   <li>the few that do are woven by {@link AdviceWeaver}, with ASM only, without class format
 *       changes, so that retransformation (dynamic attach) works too;</li>
 *   <li>application classes (by {@link FrameClassifier}) that call {@code getConnection()} directly get
 *       those calls marked by {@link DirectCallMarker}, when they are first defined only.</li>
 * </ol>
 * Byte Buddy ({@link ByteBuddyFallback}) takes over only where that cannot be done
 * safely: a supertype without class file, a class loader that cannot link the Bridge, or a class
 * the weaver fails on (a method grown past 64 KB). (A
 * subclass that overrides {@code close()} without naming any JDBC type is still covered by its
 * superclass's instrumented {@code close()} when it calls {@code super.close()}.)
 */
final class JdbcTransformer implements ClassFileTransformer {

    private static final int MAX_ERROR_LINES = 20;

    private final Instrumentation inst;
    private final SiteTable sites;
    private final FrameClassifier classifier;
    private final ClassLoader ownLoader = JdbcTransformer.class.getClassLoader();
    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();
    private final Consumer<String> log;
    private final boolean debug;
    private final AtomicInteger errorLines = new AtomicInteger();
    final LongAdder seen = new LongAdder();
    final LongAdder matched = new LongAdder();
    final LongAdder transformed = new LongAdder();
    /** Time spent in {@link #transform}, all classes (the agent's share of class loading). */
    final LongAdder nanos = new LongAdder();
    final LongAdder markedClasses = new LongAdder();
    final JdbcHierarchy hierarchy = new JdbcHierarchy();
    private final Map<ClassLoader, Boolean> bridgeVisibility = Collections.synchronizedMap(new WeakHashMap<>());
    /** Byte Buddy, the fallback; its classes are loaded only when a class first needs it. */
    private volatile ByteBuddyFallback byteBuddy;
    /** Set while classes loaded before premain (a JDK 25 AOT cache) are retransformed: mark them too. */
    volatile boolean markOnRetransform;

    /** @param sites where marked call sites are declared; null: no marking ({@code callsite.mark=false}) */
    JdbcTransformer(Instrumentation inst, Consumer<String> log, boolean debug, SiteTable sites, FrameClassifier classifier) {
        this.inst = inst;
        this.sites = sites;
        this.classifier = classifier;
        this.log = log;
        this.debug = debug;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        long start = System.nanoTime();
        try {
            return transformClass(module, loader, name, redefined, bytes);
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    private byte[] transformClass(Module module, ClassLoader loader, String name, Class<?> redefined, byte[] bytes) {
        if (loader == null || loader == platform || name == null || bytes == null || isAgentOwn(name)
                || loader == ownLoader && ownLoader != ClassLoader.getSystemClassLoader()) {
            return null; // the JDK has no Connection, Driver or DataSource implementation of its own
        }
        seen.increment();
        if (redefined == null && !mentionsJdbc(bytes)) {
            return null;
        }
        matched.increment();
        try {
            boolean mayMark = (redefined == null || markOnRetransform) && contains(bytes, JdbcHierarchy.GET_CONNECTION)
                    && wouldMark(name.replace('/', '.'));
            // A class that declares none of the advised methods needs no weaving: its supertypes are read only to mark it.
            int kinds = hierarchy.classify(loader, bytes, mayMark);
            boolean byName = name.contains("DataSource"); // see JdbcMatchers.dataSources()
            boolean markable = kinds == JdbcHierarchy.NONE && mayMark;
            if (kinds == JdbcHierarchy.NONE && !byName && !markable) {
                return null; // uses JDBC, implements none of it, asks for no connection
            }
            if ((kinds & JdbcHierarchy.UNKNOWN) == 0 && bridgeVisible(loader)) {
                byte[] out;
                try {
                    out = kinds == JdbcHierarchy.NONE && !byName ? null : AdviceWeaver.weave(bytes, kinds, byName);
                    if (markable) {
                        byte[] marked = DirectCallMarker.mark(out != null ? out : bytes, loader, sites);
                        if (marked != null) {
                            markedClasses.increment();
                            out = marked;
                        }
                    }
                } catch (RuntimeException e) { // a method grown past 64 KB, a class file too new for ASM: Byte Buddy tries
                    if (debug) {
                        log.accept("weaving " + name.replace('/', '.') + " failed (" + e + "); trying Byte Buddy");
                    }
                    return kinds == JdbcHierarchy.NONE && !byName ? null : instrument(module, loader, name.replace('/', '.'), bytes);
                }
                if (out != null) {
                    readBridge(module);
                    done(name);
                }
                return out;
            }
            if (kinds == JdbcHierarchy.NONE && !byName) {
                return null; // marking needs the bridge linked from this loader
            }
            // Byte Buddy: exact matching where class files cannot tell, and advice that suppresses
            // its own errors where the Bridge cannot be linked.
            return instrument(module, loader, name.replace('/', '.'), bytes);
        } catch (Throwable t) {
            int n = errorLines.incrementAndGet();
            if (debug || n <= MAX_ERROR_LINES) {
                log.accept("could not instrument " + name.replace('/', '.') + " (its connections are not tracked): " + t
                        + (n == MAX_ERROR_LINES && !debug ? " [further errors only with debug=true]" : ""));
            }
            return null;
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        return transform(null, loader, name, redefined, domain, bytes);
    }

    private byte[] instrument(Module module, ClassLoader loader, String typeName, byte[] bytes) throws IOException {
        byte[] out = byteBuddy().instrument(loader, typeName, bytes);
        if (out != null) {
            readBridge(module);
            done(typeName);
        }
        return out;
    }

    /** Whether call sites in the class of that name would be marked (it is application code and marking is on). */
    boolean wouldMark(String className) {
        return sites != null && classifier.classify(className) == FrameClassifier.Kind.APP;
    }

    /** Whether a loaded class's file names {@code getConnection} (read from its loader; false if it has none). */
    boolean classFileNamesGetConnection(Class<?> type) {
        try (java.io.InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in != null && contains(in.readAllBytes(), JdbcHierarchy.GET_CONNECTION);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Advice in a named module calls the Bridge: it must read the Bridge's module. In the agent jar
     * that is java.base, which every module reads; run from classes (tests), an unnamed module.
     */
    private void readBridge(Module module) {
        if (module != null && module.isNamed() && !module.canRead(Bridge.class.getModule())) {
            inst.redefineModule(module, Set.of(Bridge.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    private void done(String name) {
        transformed.increment();
        if (debug) {
            log.accept("instrumented " + name.replace('/', '.'));
        }
    }

    /**
     * Whether {@code loader} links the bridge's name to the bootstrap copy. In the agent jar the bridge
     * is {@code java.lang.ConnTrackBridge}, which every loader must take from the JDK; a loader that
     * refuses it anyway gets Byte Buddy's self-suppressing advice. Asked once per loader.
     */
    private boolean bridgeVisible(ClassLoader loader) {
        Boolean known = bridgeVisibility.get(loader);
        if (known == null) {
            boolean visible;
            try {
                visible = Class.forName(Bridge.class.getName(), false, loader) == Bridge.class;
            } catch (Throwable t) {
                visible = false;
            }
            known = visible;
            bridgeVisibility.put(loader, known);
        }
        return known;
    }

    private ByteBuddyFallback byteBuddy() {
        ByteBuddyFallback b = byteBuddy;
        if (b == null) {
            synchronized (this) { // once, when the first class needs it
                b = byteBuddy;
                if (b == null) {
                    b = new ByteBuddyFallback(ownLoader);
                    byteBuddy = b;
                }
            }
        }
        return b;
    }

    static boolean isAgentOwn(String internalName) {
        return internalName.startsWith("io/conntrack/bootstrap/") || internalName.startsWith("io/conntrack/instrumentation/")
                || internalName.startsWith("io/conntrack/tracking/") || internalName.startsWith("io/conntrack/reporting/")
                || internalName.startsWith("io/conntrack/shaded/") || internalName.startsWith("net/bytebuddy/");
    }

    /**
     * Whether the class file mentions {@code java/sql/} or {@code javax/sql/}: every class that implements
     * a JDBC type or calls a JDBC method does. This runs for every class the JVM loads, often before the
     * JIT has compiled it, so it looks at as few bytes as it can: a Horspool search for {@code /sql/}
     * reads the byte under the pattern's last position and, unless it is one of {@code /sql}, skips five.
     */
    static boolean mentionsJdbc(byte[] b) {
        for (int i = 4, n = b.length; i < n; ) { // i: where the last '/' of "/sql/" would be
            byte c = b[i];
            if (c == '/') {
                if (b[i - 1] == 'l' && b[i - 2] == 'q' && b[i - 3] == 's' && b[i - 4] == '/' && afterJava(b, i - 5)) {
                    return true;
                }
                i += 4;
            } else if (c == 'l') {
                i += 1;
            } else if (c == 'q') {
                i += 2;
            } else if (c == 's') {
                i += 3;
            } else {
                i += 5;
            }
        }
        return false;
    }

    /** Whether {@code java} or {@code javax} ends at {@code end}. */
    private static boolean afterJava(byte[] b, int end) {
        int j = end >= 0 && b[end] == 'x' ? end - 1 : end;
        return j >= 3 && b[j] == 'a' && b[j - 1] == 'v' && b[j - 2] == 'a' && b[j - 3] == 'j';
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
