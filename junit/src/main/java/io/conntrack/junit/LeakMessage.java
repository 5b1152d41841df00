package io.conntrack.junit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text of a leak failure: callsites, how many, the acquiring stack. */
final class LeakMessage {

    /** Frames of an acquiring stack shown at most (the test runner's frames below the test are cut). */
    static final int MAX_FRAMES = 30;

    private LeakMessage() {
    }

    /** One callsite's connections in one state. */
    private static final class Group {
        final ScopeReport.Connection first;
        int count;

        Group(ScopeReport.Connection first) {
            this.first = first;
        }
    }

    static String render(ScopeReport leaks) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (ScopeReport.Connection c : leaks.connections) {
            groups.computeIfAbsent(c.callsite + '\n' + c.state, k -> new Group(c)).count++;
        }
        int total = leaks.connections.size();
        StringBuilder b = new StringBuilder("ConnTrack: ");
        b.append(total).append(total == 1 ? " connection" : " connections").append(" acquired during this test ")
                .append(total == 1 ? "was" : "were").append(" not closed: ");
        List<String> summary = new ArrayList<>();
        for (Group g : groups.values()) {
            summary.add(g.count + " " + what(g.first) + " from " + g.first.callsite);
        }
        b.append(String.join("; ", summary));
        for (Group g : groups.values()) {
            ScopeReport.Connection c = g.first;
            b.append("\n\n").append(c.callsite).append(" (").append(g.count).append(' ').append(what(c)).append(")\n")
                    .append("  acquired").append(g.count > 1 ? " (the oldest)" : "").append(" on thread \"").append(c.thread)
                    .append("\" ").append(c.heldMillis).append(" ms before the check, by:");
            appendStack(b, c.stack);
        }
        b.append("\n\nClose each connection (try-with-resources), or allow the callsite on purpose: "
                + "@ConnTrackLeakCheck(allow = \"").append(allowHint(leaks)).append("\") or -D")
                .append(Settings.ALLOW).append('=').append(allowHint(leaks)).append(" (see docs/testing.md).");
        return b.toString();
    }

    private static String what(ScopeReport.Connection c) {
        return c.isOpen() ? "still open at the end of the test" : "garbage-collected without close()";
    }

    private static String allowHint(ScopeReport leaks) {
        ScopeReport.Connection c = leaks.connections.get(0);
        return c.className.isEmpty() ? c.callsite : c.className + "." + c.methodName;
    }

    private static void appendStack(StringBuilder b, List<String> stack) {
        if (stack.isEmpty()) {
            b.append("\n    (no acquiring stack recorded)");
            return;
        }
        int shown = 0;
        for (String frame : stack) {
            if (isRunnerFrame(frame) && shown > 0) {
                b.append("\n    ... (test runner frames)");
                return;
            }
            if (shown == MAX_FRAMES) {
                b.append("\n    ... ").append(stack.size() - shown).append(" more");
                return;
            }
            b.append("\n    at ").append(frame);
            shown++;
        }
    }

    /** Where the test framework's frames begin, below the test method. */
    static boolean isRunnerFrame(String frame) {
        return frame.startsWith("org.junit.") || frame.startsWith("jdk.internal.reflect.")
                || frame.startsWith("java.lang.reflect.Method.") || frame.startsWith("sun.reflect.")
                || frame.startsWith("org.apache.maven.surefire.") || frame.startsWith("org.gradle.");
    }
}
