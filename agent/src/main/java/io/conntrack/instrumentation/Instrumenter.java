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
     */
    private void instrumentLoaded(Instrumentation inst, JdbcTransformer t, boolean beforeMain) {
        List<Class<?>> types = jdbcInterfaces();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        List<Class<?>> todo = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader loader = c.getClassLoader();
            if (loader == null || loader == platform || c.isInterface() || c.isArray() || !inst.isModifiableClass(c)
                    || JdbcTransformer.isAgentOwn(c.getName().replace('.', '/')) || loader == Instrumenter.class.getClassLoader()) {
                continue;
            }
            if (c.getName().contains("DataSource") || types.stream().anyMatch(type -> type.isAssignableFrom(c))
                    || beforeMain && t.wouldMark(c)) {
                todo.add(c);
            }
        }
        t.markOnRetransform = beforeMain;
        try {
            for (Class<?> c : todo) {
                try {
                    inst.retransformClasses(c);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    log.accept("could not instrument the loaded class " + c.getName() + " (its connections are not tracked): " + e);
                }
            }
        } finally {
            t.markOnRetransform = false;
        }
    }

    /**
     * The JDBC interfaces, looked up by name: a runtime without the {@code java.sql} module has none.
     */
    private static List<Class<?>> jdbcInterfaces() {
        List<Class<?>> out = new ArrayList<>();
        for (String name : new String[] {"java.sql.Driver", "javax.sql.DataSource", "javax.sql.PooledConnection", "java.sql.Connection"}) {
            try {
                out.add(Class.forName(name, false, ClassLoader.getPlatformClassLoader()));
            } catch (ClassNotFoundException e) {
                // no java.sql module in this runtime: nothing to retransform for that type
            }
        }
        return out;
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

    public long classesTransformed() {
        JdbcTransformer t = transformer;
        return t == null ? 0 : t.transformed.sum();
    }
}
