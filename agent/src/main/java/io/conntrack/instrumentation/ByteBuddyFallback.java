package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import java.io.IOException;
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
 * Byte Buddy's {@link Advice} with {@link JdbcMatchers}: exact matching where class files cannot tell
 * (a supertype without class file), and advice that suppresses its own errors where the Bridge cannot
 * be linked, or where the ASM weaver failed. The only class that uses Byte Buddy proper; it is built when
 * a class first needs it, so Byte Buddy's classes (kept in their own jar inside the agent jar) are not
 * read at all in most JVMs.
 */
final class ByteBuddyFallback {

    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(VisibilityBridgeStrategy.Default.NEVER)
            .with(Implementation.Context.Disabled.Factory.INSTANCE); // no class format changes
    private final Rule[] rules;

    /** @param agentLoader the loader that reads the advice classes' bytes */
    ByteBuddyFallback(ClassLoader agentLoader) {
        ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
        TypeDescription acquire = TypeDescription.ForLoadedType.of(AcquireAdvice.class);
        TypeDescription close = TypeDescription.ForLoadedType.of(CloseAdvice.class);
        rules = new Rule[] {
            new Rule(JdbcMatchers.drivers(), acquireAdvice(acquire, agentClasses, Bridge.KIND_DRIVER, JdbcMatchers.driverConnect())),
            new Rule(JdbcMatchers.dataSources(),
                    acquireAdvice(acquire, agentClasses, Bridge.KIND_DATASOURCE, JdbcMatchers.dataSourceGetConnection())),
            new Rule(JdbcMatchers.pooledConnections(),
                    acquireAdvice(acquire, agentClasses, Bridge.KIND_POOLED, JdbcMatchers.pooledGetConnection())),
            new Rule(JdbcMatchers.connections(), Advice.to(close, agentClasses).on(JdbcMatchers.connectionCloseOrAbort())),
        };
    }

    /** The class with advice on its acquisition and close methods, or null when no rule applies. */
    byte[] instrument(ClassLoader loader, String typeName, byte[] bytes) throws IOException {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(typeName, bytes),
                ClassFileLocator.ForClassLoader.of(loader));
        TypeDescription type = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST).describe(typeName).resolve();
        if (type.isInterface() || type.isAnnotation()) {
            return null;
        }
        DynamicType.Builder<?> builder = null;
        for (Rule rule : rules) {
            if (rule.types.matches(type)) {
                builder = (builder == null ? byteBuddy.redefine(type, locator) : builder).visit(rule.advice);
            }
        }
        return builder == null ? null : builder.make().getBytes();
    }

    private static AsmVisitorWrapper acquireAdvice(TypeDescription advice, ClassFileLocator agentClasses, int kind,
                                                   ElementMatcher<? super MethodDescription> methods) {
        return Advice.withCustomMapping().bind(AcquireAdvice.Kind.class, kind).to(advice, agentClasses).on(methods);
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
