package com.acme.coexistence.secondagent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * A second, independent Byte Buddy agent (unshaded Byte Buddy from the application's class path) that
 * adds its own advice to H2's {@code JdbcConnection.close()}: the tests pack it into a jar at run time.
 */
public final class CloseCountingAgent {

    private CloseCountingAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        new AgentBuilder.Default()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .disableClassFormatChanges()
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
                                                 boolean loaded, DynamicType dynamicType) {
                        CloseCounter.TRANSFORMED.incrementAndGet();
                    }

                    @Override
                    public void onError(String name, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
                        System.out.println("SECOND-AGENT ERROR " + name + " " + t);
                    }
                })
                .type(named("org.h2.jdbc.JdbcConnection"))
                .transform((builder, type, loader, module, domain) ->
                        builder.visit(Advice.to(CloseCountAdvice.class).on(named("close").and(takesArguments(0)))))
                .installOn(inst);
    }
}
