package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into every {@code Connection.close()} and {@code Connection.abort(Executor)}. Runs on exit,
 * also when the method throws: a close that fails still ends tracking.
 */
public final class CloseAdvice {

    private CloseAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object connection) {
        Bridge.closed(connection);
    }
}
