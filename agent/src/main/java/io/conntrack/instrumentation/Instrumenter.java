package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/** Installs the advice on every JDBC acquisition and close method, in any class loader. */
public final class Instrumenter {

    private static final int MAX_ERROR_LINES = 20;

    private final Consumer<String> log;
    private final boolean debug;
    private final AtomicInteger errorLines = new AtomicInteger();
    private final LongAdder transformed = new LongAdder();
    private volatile JdbcBytesPrefilter prefilter;

    public Instrumenter(Consumer<String> log, boolean debug) {
        this.log = log;
        this.debug = debug;
    }

    /**
     * @param retransform also instrument classes loaded before now (dynamic attach); at premain
     *                    only JDK classes are loaded, and they are never instrumented
     */
    public ResettableClassFileTransformer install(Instrumentation inst, boolean retransform) {
        ClassLoader agentLoader = Instrumenter.class.getClassLoader();
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(retransform ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION : AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(new AgentBuilder.TransformerDecorator() {
                    @Override
                    public ResettableClassFileTransformer decorate(ResettableClassFileTransformer t) {
                        JdbcBytesPrefilter p = new JdbcBytesPrefilter(t);
                        prefilter = p;
                        return p;
                    }
                })
                .with(new Listener())
                .assureReadEdgeTo(inst, Bridge.class)
                .ignore(JdbcMatchers.ignoredTypes(), JdbcMatchers.jdkClassLoaders())
                .type(JdbcMatchers.drivers())
                .transform(advice(agentLoader, Bridge.KIND_DRIVER).advice(JdbcMatchers.driverConnect(), AcquireAdvice.class.getName()))
                .type(JdbcMatchers.dataSources())
                .transform(advice(agentLoader, Bridge.KIND_DATASOURCE).advice(JdbcMatchers.dataSourceGetConnection(), AcquireAdvice.class.getName()))
                .type(JdbcMatchers.pooledConnections())
                .transform(advice(agentLoader, Bridge.KIND_POOLED).advice(JdbcMatchers.pooledGetConnection(), AcquireAdvice.class.getName()))
                .type(JdbcMatchers.connections())
                .transform(new AgentBuilder.Transformer.ForAdvice().include(agentLoader)
                        .advice(JdbcMatchers.connectionCloseOrAbort(), CloseAdvice.class.getName()));
        return builder.installOn(inst);
    }

    private static AgentBuilder.Transformer.ForAdvice advice(ClassLoader agentLoader, int kind) {
        return new AgentBuilder.Transformer.ForAdvice(Advice.withCustomMapping().bind(AcquireAdvice.Kind.class, kind))
                .include(agentLoader);
    }

    /** Classes whose bytes the prefilter scanned. */
    public long classesSeen() {
        JdbcBytesPrefilter p = prefilter;
        return p == null ? 0 : p.seen.sum();
    }

    /** Classes that mention JDBC types and were handed to Byte Buddy's matchers. */
    public long classesMatched() {
        JdbcBytesPrefilter p = prefilter;
        return p == null ? 0 : p.passed.sum();
    }

    public long classesTransformed() {
        return transformed.sum();
    }

    private final class Listener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            transformed.increment();
            if (debug) {
                log.accept("instrumented " + type.getName());
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            int n = errorLines.incrementAndGet();
            if (debug || n <= MAX_ERROR_LINES) {
                log.accept("could not instrument " + typeName + " (its connections are not tracked): " + error
                        + (n == MAX_ERROR_LINES && !debug ? " [further errors only with debug=true]" : ""));
            }
        }
    }
}
