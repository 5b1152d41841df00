package com.acme.coexistence.secondagent;

import net.bytebuddy.asm.Advice;

/** Counts every {@code close()} call on the instrumented connection class. */
public final class CloseCountAdvice {

    private CloseCountAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit() {
        CloseCounter.CLOSES.incrementAndGet();
    }
}
