package io.conntrack.tracking;

import java.util.Arrays;

/**
 * The acquiring stack, captured cheaply: constructing a {@code Throwable} records the JVM's compact
 * backtrace only. Turning it into {@link StackTraceElement}s, the expensive part, happens at dump
 * time and only for the connections a dump shows.
 */
final class AcquireStack extends Throwable {

    private static final long serialVersionUID = 1L;
    /** Keeps at most this many frames of an acquiring stack. */
    static final int MAX_DEPTH = 128;

    AcquireStack() {
        super(null, null, false, true);
    }

    /** The frames from the instrumented method down, without the agent's own frames on top. */
    StackTraceElement[] frames() {
        StackTraceElement[] all = getStackTrace();
        int from = 0;
        while (from < all.length && isAgentRuntime(all[from].getClassName())) {
            from++;
        }
        return Arrays.copyOfRange(all, from, Math.min(all.length, from + MAX_DEPTH));
    }

    static boolean isAgentRuntime(String className) {
        return className.startsWith("io.conntrack.bootstrap.") || className.startsWith("io.conntrack.tracking.");
    }
}
