package io.conntrack.tracking;

/**
 * Where the class file transformer declares the call sites it marks as a class loads: each direct
 * {@code getConnection()} call in application code gets an id, woven into the call as a constant, so
 * acquisitions there are attributed without a stack walk.
 */
public interface SiteTable {

    /**
     * Declares one marked call site and returns its id, or -1 when the table is full (the call site
     * then keeps the stack walk).
     */
    int declare(ClassLoader loader, String className, String methodName, String descriptor, String file, int line);

    /** Call sites declared so far. */
    int declared();
}
