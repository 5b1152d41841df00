package io.conntrack.pools;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;

/**
 * Reads one kind of pool through its own public API, by reflection (the agent has no compile-time
 * dependency on any pool). Off the hot path only. A reflective failure (a method missing or not
 * accessible in this pool version) turns this reader off for good, with one log line, by
 * {@link PoolWatch}; an exception the pool itself throws (a closed pool) leaves that read's numbers unknown.
 */
abstract class PoolReader {

    /** The type as dumps show it: hikari, dbcp2, tomcat, c3p0, agroal, other. */
    abstract String type();

    /** Whether this reader knows pools of this class (by the names of its class, superclasses and interfaces). */
    abstract boolean accepts(Class<?> poolClass);

    /** Fills in what the pool tells; leaves the rest unknown. */
    abstract void read(Object pool, PoolState s) throws Exception;

    /**
     * The pool threw (closed, shutting down): not the reader's fault. Only its class and the method are
     * ever shown: the pool's message may quote its configuration (a JDBC URL with a password).
     */
    static final class PoolThrew extends Exception {
        final String method;

        PoolThrew(String method, Throwable cause) {
            super(method, cause, false, false);
            this.method = method;
        }
    }

    static boolean hasType(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().equals(name)) {
                return true;
            }
            for (Class<?> i : k.getInterfaces()) {
                if (hasType(i, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Calls the public no-argument method {@code name} through a public type that declares it. */
    static Object call(Object target, String name) throws Exception {
        Method m = find(target.getClass(), name);
        if (m == null) {
            throw new NoSuchMethodException(target.getClass().getName() + "." + name + "()");
        }
        PoolCalls.calling(target, name);
        try {
            return m.invoke(target);
        } catch (InvocationTargetException e) {
            throw new PoolThrew(PoolCalls.simpleName(target.getClass().getName()) + "." + name + "()", e.getCause());
        }
    }

    /** Like {@link #call} but null when the method does not exist (optional API of some versions). */
    static Object callIfPresent(Object target, String name) throws Exception {
        return find(target.getClass(), name) == null ? null : call(target, name);
    }

    static Method find(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (Modifier.isPublic(k.getModifiers())) {
                try {
                    Method m = k.getDeclaredMethod(name);
                    if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
                        return m;
                    }
                } catch (NoSuchMethodException e) {
                    // look further up
                }
            }
            for (Class<?> i : k.getInterfaces()) {
                Method m = find(i, name);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    /** A number (Integer, Long, ...) as a long; a {@link Duration} in milliseconds; else -1. */
    static long number(Object o) {
        if (o instanceof Number) {
            return ((Number) o).longValue();
        }
        if (o instanceof Duration) {
            return ((Duration) o).toMillis();
        }
        return PoolState.UNKNOWN;
    }
}
