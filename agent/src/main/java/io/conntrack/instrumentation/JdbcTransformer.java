package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The agent's one class file transformer. Start-up matters, so it does as little as it can:
 * <ol>
 *   <li>classes of the JDK's own loaders and of the agent are never looked at;</li>
 *   <li>a byte scan passes on only classes whose constant pool mentions {@code java/sql/} or
 *       {@code javax/sql/} — every class that implements a JDBC type or declares a JDBC method does;</li>
 *   <li>of those, {@link JdbcHierarchy} keeps the classes whose supertypes (read from class files,
 *       cached per loader) include a JDBC type or cannot be told;</li>
 *   <li>only those are described (lazily, from a type pool) and matched exactly against the JDBC types;</li>
 *   <li>only matches are rewritten, by Byte Buddy {@link Advice} on the declared methods, without
 *       class format changes, so that retransformation (dynamic attach) works too.</li>
 * </ol>
 * Byte Buddy is first touched when the first class implementing a JDBC type loads, not in {@code premain}. (A
 * subclass that overrides {@code close()} without naming any JDBC type is still covered by its
 * superclass's instrumented {@code close()} when it calls {@code super.close()}.)
 */
final class JdbcTransformer implements ClassFileTransformer {

    private static final byte[] JAVA_SQL = {'j', 'a', 'v', 'a', '/', 's', 'q', 'l', '/'};
    private static final byte[] JAVAX_SQL = {'j', 'a', 'v', 'a', 'x', '/', 's', 'q', 'l', '/'};
    private static final int MAX_ERROR_LINES = 20;

    private final Instrumentation inst;
    private final File agentJar;
    private final Consumer<String> log;
    private final boolean debug;
    private final AtomicInteger errorLines = new AtomicInteger();
    final LongAdder seen = new LongAdder();
    final LongAdder matched = new LongAdder();
    final LongAdder transformed = new LongAdder();
    private final JdbcHierarchy hierarchy = new JdbcHierarchy();
    private volatile Rules rules;

    JdbcTransformer(Instrumentation inst, File agentJar, Consumer<String> log, boolean debug) {
        this.inst = inst;
        this.agentJar = agentJar;
        this.log = log;
        this.debug = debug;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        if (loader == null || name == null || bytes == null || isAgentOwn(name)) {
            return null; // the JDK has no Connection, Driver or DataSource implementation of its own
        }
        seen.increment();
        if (redefined == null && !contains(bytes, JAVA_SQL) && !contains(bytes, JAVAX_SQL)) {
            return null;
        }
        matched.increment();
        try {
            if (hierarchy.classify(loader, bytes) == JdbcHierarchy.NONE && !name.contains("DataSource")) {
                return null; // uses JDBC, implements none of it (names with DataSource: see JdbcMatchers)
            }
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
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(typeName, bytes),
                ClassFileLocator.ForClassLoader.of(loader));
        TypeDescription type = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST).describe(typeName).resolve();
        if (type.isInterface() || type.isAnnotation()) {
            return null;
        }
        Rules r = rules();
        DynamicType.Builder<?> builder = null;
        for (Rule rule : r.all) {
            if (rule.types.matches(type)) {
                builder = (builder == null ? r.byteBuddy.redefine(type, locator) : builder).visit(rule.advice);
            }
        }
        if (builder == null) {
            return null;
        }
        if (module != null && module.isNamed() && !module.canRead(Bridge.class.getModule())) {
            inst.redefineModule(module, Set.of(Bridge.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        }
        byte[] out = builder.make().getBytes();
        transformed.increment();
        if (debug) {
            log.accept("instrumented " + typeName);
        }
        return out;
    }

    /**
     * Builds the Byte Buddy rules on a short-lived daemon thread now, while the application starts,
     * rather than inside the first JDBC class load (about 0.2 s on a small machine). Whichever comes
     * first builds them; a failure here is left for that first class load to report.
     */
    void prepareInBackground() {
        Thread t = new Thread(() -> {
            try {
                rules();
            } catch (Throwable ignored) {
                // reported, with the class concerned, when a JDBC class loads
            }
        }, "conntrack-prepare");
        t.setDaemon(true);
        t.start();
    }

    private Rules rules() throws IOException {
        Rules r = rules;
        if (r == null) {
            synchronized (this) { // once, when the first JDBC class loads
                r = rules;
                if (r == null) {
                    r = new Rules(ClassFileLocator.ForJarFile.of(agentJar));
                    rules = r;
                }
            }
        }
        return r;
    }

    static boolean isAgentOwn(String internalName) {
        return internalName.startsWith("io/conntrack/bootstrap/") || internalName.startsWith("io/conntrack/instrumentation/")
                || internalName.startsWith("io/conntrack/tracking/") || internalName.startsWith("io/conntrack/reporting/")
                || internalName.startsWith("io/conntrack/shaded/") || internalName.startsWith("net/bytebuddy/");
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

    /** Which advice goes on which methods of which types. Built once, on first use. */
    private static final class Rules {
        final ByteBuddy byteBuddy = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .with(InstrumentedType.Factory.Default.FROZEN)
                .with(VisibilityBridgeStrategy.Default.NEVER)
                .with(Implementation.Context.Disabled.Factory.INSTANCE); // no class format changes
        final Rule[] all;

        Rules(ClassFileLocator agentClasses) {
            TypeDescription acquire = TypeDescription.ForLoadedType.of(AcquireAdvice.class);
            TypeDescription close = TypeDescription.ForLoadedType.of(CloseAdvice.class);
            all = new Rule[] {
                new Rule(JdbcMatchers.drivers(), acquireAdvice(acquire, agentClasses, Bridge.KIND_DRIVER, JdbcMatchers.driverConnect())),
                new Rule(JdbcMatchers.dataSources(),
                        acquireAdvice(acquire, agentClasses, Bridge.KIND_DATASOURCE, JdbcMatchers.dataSourceGetConnection())),
                new Rule(JdbcMatchers.pooledConnections(),
                        acquireAdvice(acquire, agentClasses, Bridge.KIND_POOLED, JdbcMatchers.pooledGetConnection())),
                new Rule(JdbcMatchers.connections(), Advice.to(close, agentClasses).on(JdbcMatchers.connectionCloseOrAbort())),
            };
        }

        private static AsmVisitorWrapper acquireAdvice(TypeDescription advice, ClassFileLocator agentClasses, int kind,
                                                       ElementMatcher<? super MethodDescription> methods) {
            return Advice.withCustomMapping().bind(AcquireAdvice.Kind.class, kind).to(advice, agentClasses).on(methods);
        }
    }

    private static final class Rule {
        final ElementMatcher<TypeDescription> types;
        final AsmVisitorWrapper advice;

        Rule(ElementMatcher<TypeDescription> types, AsmVisitorWrapper advice) {
            this.types = types;
            this.advice = advice;
        }
    }
}
