package io.conntrack.tracking;

import java.util.List;

/**
 * One connection of a callsite that was garbage-collected without {@code close()}, as dumps show it
 * after its handle is gone: when and by which thread it was acquired, when the leak was found, and its
 * acquiring stack when one was kept (rendered frames: no class is held).
 */
public final class LeakedConnection {

    public final long acquiredAtMillis;
    public final long foundAtMillis;
    public final String threadName;
    public final long threadId;
    /** Rendered frames, from the instrumented method down; null when the stack was not kept. */
    public final List<String> acquireStack;

    LeakedConnection(long acquiredAtMillis, long foundAtMillis, String threadName, long threadId, List<String> acquireStack) {
        this.acquiredAtMillis = acquiredAtMillis;
        this.foundAtMillis = foundAtMillis;
        this.threadName = threadName;
        this.threadId = threadId;
        this.acquireStack = acquireStack;
    }
}
