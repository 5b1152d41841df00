package io.conntrack.reporting;

import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Frames;
import io.conntrack.tracking.Scopes;
import java.util.concurrent.TimeUnit;

/**
 * A test scope's report as JSON ({@code conntrack-scope/1}, see docs/testing.md): the application
 * connections acquired in the scope that are still open or were garbage-collected without close().
 */
public final class ScopeJson {

    public static final String FORMAT = "conntrack-scope/1";

    private ScopeJson() {
    }

    public static String render(Scopes.Report report) {
        long now = System.nanoTime();
        JsonWriter w = new JsonWriter().beginObject()
                .field("format", FORMAT)
                .field("scope", report.scope.id)
                .field("name", report.scope.name)
                .field("ended", report.ended)
                .field("durationMillis", TimeUnit.NANOSECONDS.toMillis(now - report.scope.startNanos));
        long open = 0;
        long leaked = report.leakedNotKept;
        w.name("connections").beginArray();
        for (ConnectionRecord r : report.records) {
            if (!r.isOpen() && !r.isLeaked()) {
                continue; // closed since it was collected (work that closes asynchronously)
            }
            // open but collected: the GC found it unclosed, the monitor has not counted it yet
            boolean isLeaked = r.isLeaked() || r.get() == null;
            if (isLeaked) {
                leaked++;
            } else {
                open++;
            }
            Callsite c = r.callsite();
            w.beginObject()
                    .field("state", isLeaked ? "leaked" : "open")
                    .field("callsite", c.frame)
                    .field("className", c.className)
                    .field("methodName", c.methodName)
                    .field("line", c.line)
                    .field("thread", r.threadName())
                    .field("threadId", r.threadId())
                    .field("heldMillis", TimeUnit.NANOSECONDS.toMillis(now - r.acquiredNanos()));
            StackTraceElement[] stack = r.stack();
            if (stack != null) {
                w.name("stack").beginArray();
                for (StackTraceElement e : stack) {
                    w.value(Frames.render(e));
                }
                w.endArray();
            }
            w.endObject();
        }
        w.endArray();
        w.field("open", open).field("leaked", leaked);
        return w.endObject().toString();
    }
}
