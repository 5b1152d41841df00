package io.conntrack.tracking;

/** Real callsites with counters set by hand, for tests of what samples them (the pools' timeline). */
public final class TestCallsites {

    private TestCallsites() {
    }

    public static Callsite application(String className, String method, int line) {
        return new Callsite(className, method, className.substring(className.lastIndexOf('.') + 1) + ".java", line, false);
    }

    public static Callsite poolOwned(String className, String method, int line) {
        return new Callsite(className, method, className.substring(className.lastIndexOf('.') + 1) + ".java", line, true);
    }

    /** {@code n} acquisitions left open. */
    public static void open(Callsite c, int n) {
        for (int i = 0; i < n; i++) {
            c.acquired(0);
        }
    }

    /** {@code n} acquisitions garbage-collected without close(). */
    public static void leak(Callsite c, int n) {
        for (int i = 0; i < n; i++) {
            c.acquired(0);
            c.leaked(System.nanoTime());
        }
    }

    /** Closes {@code n} of its open connections. */
    public static void close(Callsite c, int n) {
        for (int i = 0; i < n; i++) {
            c.closed(1_000_000);
        }
    }
}
