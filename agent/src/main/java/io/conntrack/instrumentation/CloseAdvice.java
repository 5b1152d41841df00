package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into every {@code Connection.close()} and {@code Connection.abort(Executor)}. Runs on entry:
 * the close is counted before a pool can hand the connection to its next borrower, and however the
 * close ends (a close that fails still ends tracking).
 */
public final class CloseAdvice {

    private CloseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object connection) {
        Bridge.closed(connection);
    }
}
