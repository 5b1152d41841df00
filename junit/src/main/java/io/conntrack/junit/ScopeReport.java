package io.conntrack.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The agent's report of one test's scope ({@code conntrack-scope/1}), parsed. */
final class ScopeReport {

    /** One application connection acquired in the scope and not closed. */
    static final class Connection {
        /** "open" (still open now) or "leaked" (garbage-collected without close()). */
        final String state;
        /** {@code com.acme.Dao.load(Dao.java:42)}. */
        final String callsite;
        final String className;
        final String methodName;
        final String thread;
        final long heldMillis;
        /** The acquiring stack, top (the getConnection() implementation) first; empty when unknown. */
        final List<String> stack;

        Connection(String state, String callsite, String className, String methodName, String thread, long heldMillis,
                   List<String> stack) {
            this.state = state;
            this.callsite = callsite;
            this.className = className;
            this.methodName = methodName;
            this.thread = thread;
            this.heldMillis = heldMillis;
            this.stack = stack;
        }

        boolean isOpen() {
            return "open".equals(state);
        }
    }

    final List<Connection> connections;

    private ScopeReport(List<Connection> connections) {
        this.connections = connections;
    }

    static ScopeReport parse(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException("not a scope report: " + json);
        }
        Map<?, ?> m = (Map<?, ?>) root;
        Object format = m.get("format");
        if (format == null || !String.valueOf(format).startsWith("conntrack-scope/")) {
            throw new IllegalArgumentException("not a scope report: " + json);
        }
        List<Connection> out = new ArrayList<>();
        Object list = m.get("connections");
        if (list instanceof List) {
            for (Object o : (List<?>) list) {
                Map<?, ?> c = (Map<?, ?>) o;
                List<String> stack = new ArrayList<>();
                Object frames = c.get("stack");
                if (frames instanceof List) {
                    for (Object f : (List<?>) frames) {
                        stack.add(String.valueOf(f));
                    }
                }
                out.add(new Connection(text(c.get("state")), text(c.get("callsite")), text(c.get("className")),
                        text(c.get("methodName")), text(c.get("thread")), number(c.get("heldMillis")),
                        Collections.unmodifiableList(stack)));
            }
        }
        return new ScopeReport(Collections.unmodifiableList(out));
    }

    /** The connections no allow-list entry covers. */
    ScopeReport without(AllowList allowed) {
        List<Connection> kept = new ArrayList<>();
        for (Connection c : connections) {
            if (!allowed.allows(c)) {
                kept.add(c);
            }
        }
        return new ScopeReport(Collections.unmodifiableList(kept));
    }

    boolean isEmpty() {
        return connections.isEmpty();
    }

    boolean anyOpen() {
        for (Connection c : connections) {
            if (c.isOpen()) {
                return true;
            }
        }
        return false;
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static long number(Object o) {
        return o instanceof Number ? ((Number) o).longValue() : 0L;
    }
}
