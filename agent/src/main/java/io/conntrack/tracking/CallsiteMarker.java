package io.conntrack.tracking;

/**
 * Turns the slow path into the fast one: once the stack walk found that application code calls
 * {@code getConnection()} directly at a callsite, the marker rewrites that call (off the hot path) to
 * announce the callsite's id, so later acquisitions there need no stack walk.
 */
public interface CallsiteMarker {

    /** Asks, once per callsite, to mark the direct {@code getConnection()} calls at its line. */
    void request(Class<?> type, String methodName, String descriptor, Callsite site);

    /**
     * The line of {@code bci} in the method as it was before marking, or -1. A frame of a marked method
     * that was already running when it was marked executes the old code, for which the JVM knows no
     * line numbers.
     */
    int originalLine(Class<?> type, String methodName, String descriptor, int bci);

    /** The source file name of a class this marker rewrote, or null. */
    String sourceFile(Class<?> type);
}
