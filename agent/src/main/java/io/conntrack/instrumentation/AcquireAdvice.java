package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every method that hands out a connection: {@code Driver.connect},
 * {@code DataSource.getConnection(..)} and {@code PooledConnection.getConnection()}. Arguments (URLs,
 * user names, passwords) are never read. {@link Kind} is bound to a constant per matcher.
 */
public final class AcquireAdvice {

    private AcquireAdvice() {
    }

    /** Bound to one of the {@code Bridge.KIND_*} constants when the advice is applied. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface Kind {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Advice.This(optional = true) Object source) {
        return Bridge.acquireEnter(source);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Kind int kind,
                            @Advice.Enter long token,
                            @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object connection,
                            @Advice.Thrown Throwable thrown) {
        Bridge.acquireExit(token, kind, connection, thrown);
    }
}
