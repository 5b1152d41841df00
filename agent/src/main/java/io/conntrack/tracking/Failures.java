package io.conntrack.tracking;

/** Describes a throwable for one log line, even when its own {@code toString()} throws. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable t) {
        if (t == null) {
            return "null";
        }
        try {
            return String.valueOf(t);
        } catch (Throwable broken) {
            return t.getClass().getName() + " (its message could not be read: " + broken.getClass().getName() + ")";
        }
    }

    /** The class name of {@code o}, or a placeholder if even that fails. */
    public static String typeOf(Object o) {
        try {
            return o == null ? "null" : o.getClass().getName();
        } catch (Throwable t) {
            return "?";
        }
    }
}
