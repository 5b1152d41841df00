package io.conntrack.instrumentation;

import io.conntrack.tracking.FrameClassifier;
import io.conntrack.tracking.SiteTable;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Installs the advice on every JDBC acquisition and close method, in any class loader. */
public final class Instrumenter {

    private final Consumer<String> log;
    private final boolean debug;
    private final SiteTable sites;
    private final FrameClassifier classifier;
    private volatile JdbcTransformer transformer;

    /** @param sites where direct call sites are declared as they are marked; null turns marking off */
    public Instrumenter(Consumer<String> log, boolean debug, SiteTable sites, FrameClassifier classifier) {
        this.log = log;
        this.debug = debug;
        this.sites = sites;
        this.classifier = classifier;
    }

    /**
     * @param attached the agent was attached to a running JVM: classes loaded before now may be running,
     *                 so only JDBC implementations are retransformed (their call sites keep the stack walk)
     */
    public void install(Instrumentation inst, boolean attached) {
        JdbcTransformer t = new JdbcTransformer(inst, log, debug, sites, classifier);
        transformer = t;
        inst.addTransformer(t, true);
        instrumentLoaded(inst, t, !attached);
    }

    /** Removes the transformer (a start that failed); classes already woven call a bridge that is off. */
    public void uninstall(Instrumentation inst) {
        JdbcTransformer t = transformer;
        if (t != null) {
            inst.removeTransformer(t);
        }
    }

    /**
     * Instruments the classes that were loaded before the transformer was added. At premain these are
     * usually only the JDK's; with a JDK 25 AOT cache, the application's classes are loaded from the cache
     * before premain, unseen by any transformer. None of them has run yet, so they are treated as if
     * they were loading now (call sites marked too): nothing loses its line. After an attach, only JDBC
     * implementations are retransformed.
     * <p>
     * Cheap tests first (the JVM may hold 15,000 classes here): JDBC implementations by type; classes
     * named like a DataSource, and application classes (before main), only when their constant pool
     * names {@code getConnection}. All of them are retransformed in one call: one JVM operation.
     */
    private void instrumentLoaded(Instrumentation inst, JdbcTransformer t, boolean beforeMain) {
        Class<?>[] types = jdbcInterfaces();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        ClassLoader own = Instrumenter.class.getClassLoader();
        GetConnectionProbe probe = new GetConnectionProbe(inst, t);
        List<Class<?>> todo = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader loader = c.getClassLoader();
            if (loader == null || loader == platform || loader == own || c.isInterface() || c.isArray()
                    || c.getName().startsWith("io.conntrack.")) { // and the agent's entry point and API
                continue;
            }
            boolean candidate = implementsAny(c, types)
                    || (c.getName().contains("DataSource") || beforeMain && t.wouldMark(c.getName())) && probe.names(c);
            if (candidate && inst.isModifiableClass(c) && !JdbcTransformer.isAgentOwn(c.getName().replace('.', '/'))) {
                todo.add(c);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        t.markOnRetransform = beforeMain;
        try {
            try {
                inst.retransformClasses(todo.toArray(new Class<?>[0]));
            } catch (UnmodifiableClassException | RuntimeException | LinkageError batchFailed) {
                // All or nothing: find the class that failed, instrument the others.
                for (Class<?> c : todo) {
                    try {
                        inst.retransformClasses(c);
                    } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                        log.accept("could not instrument the loaded class " + c.getName() + " (its connections are not tracked): " + e);
                    }
                }
            }
        } finally {
            t.markOnRetransform = false;
        }
    }

    private static boolean implementsAny(Class<?> c, Class<?>[] types) {
        for (Class<?> type : types) {
            if (type.isAssignableFrom(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a loaded class names {@code getConnection}: from its constant pool in memory, else from its class file. */
    private static final class GetConnectionProbe {
        private final Instrumentation inst;
        private final JdbcTransformer transformer;
        private boolean pool;
        private boolean tried;

        GetConnectionProbe(Instrumentation inst, JdbcTransformer transformer) {
            this.inst = inst;
            this.transformer = transformer;
        }

        boolean names(Class<?> c) {
            if (!tried) {
                tried = true;
                pool = ConstantPoolProbe.open(inst);
            }
            if (pool) {
                try {
                    return ConstantPoolProbe.names(c, "getConnection");
                } catch (Throwable e) {
                    pool = false; // not on this JDK after all: class files from now on
                }
            }
            return transformer.classFileNamesGetConnection(c);
        }
    }

    /**
     * The JDBC interfaces, looked up by name: a runtime without the {@code java.sql} module has none.
     */
    private static Class<?>[] jdbcInterfaces() {
        List<Class<?>> out = new ArrayList<>();
        for (String name : new String[] {"java.sql.Driver", "javax.sql.DataSource", "javax.sql.PooledConnection", "java.sql.Connection"}) {
            try {
                out.add(Class.forName(name, false, ClassLoader.getPlatformClassLoader()));
            } catch (ClassNotFoundException e) {
                // no java.sql module in this runtime: nothing to retransform for that type
            }
        }
        return out.toArray(new Class<?>[0]);
    }

    /** Classes the transformer looked at (all but the JDK's and the agent's own). */
    public long classesSeen() {
        JdbcTransformer t = transformer;
        return t == null ? 0 : t.seen.sum();
    }

    /** Classes whose bytes mention JDBC types (the byte scan's hits), before the hierarchy check. */
    public long classesMatched() {
        JdbcTransformer t = transformer;
        return t == null ? 0 : t.matched.sum();
    }

    /** Direct {@code getConnection()} call sites marked as their classes loaded. */
    public long callsitesMarked() {
        return sites == null ? 0 : sites.declared();
    }

    /** Supertypes' class files the transformer read to tell which JDBC types a class implements. */
    public long supertypeFilesRead() {
        JdbcTransformer t = transformer;
        return t == null ? 0 : t.hierarchy.filesRead.sum();
    }

    /** Microseconds spent in the transformer so far, summed over all threads. */
    public long transformerMicros() {
        JdbcTransformer t = transformer;
        return t == null ? 0 : t.nanos.sum() / 1000;
    }

    public long classesTransformed() {
        JdbcTransformer t = transformer;
        return t == null ? 0 : t.transformed.sum();
    }
}
