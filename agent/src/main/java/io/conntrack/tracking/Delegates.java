package io.conntrack.tracking;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Follows a connection handed to the application to the connections behind it, through instance fields:
 * a pool's proxy holds the physical connection ({@code HikariProxyConnection.delegate}), a wrapper its
 * delegate (DBCP2's {@code PoolGuardConnectionWrapper} -> {@code PoolableConnection} -> the driver's
 * connection), a JDK proxy its invocation handler (Tomcat JDBC: interceptors -> {@code ProxyConnection}
 * -> {@code PooledConnection} -> the driver's connection). Only fields whose declared type is a JDBC
 * connection type, an invocation handler, or a pool's holder of one connection are followed (never a
 * pool's own structures, through which other connections could be reached), at most
 * {@value #MAX_DEPTH} deep. Reads
 * fields only, calls no method of the application or its libraries. Monitor thread only.
 */
final class Delegates {

    private static final int MAX_DEPTH = 6;
    private static final Field[] NONE = new Field[0];
    private static final FrameClassifier POOLS = new FrameClassifier(List.of(), List.of());

    /** Per class, the instance fields (its own and inherited) worth following, made accessible. */
    private final ClassValue<Field[]> fields = new ClassValue<Field[]>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                Field[] declared;
                try {
                    declared = c.getDeclaredFields();
                } catch (Throwable e) { // a field type that cannot be loaded
                    continue;
                }
                for (Field f : declared) {
                    if (!Modifier.isStatic(f.getModifiers()) && worthFollowing(f.getType())) {
                        try {
                            f.setAccessible(true);
                            out.add(f);
                        } catch (RuntimeException closed) {
                            // a named module that does not open its package: not followed
                        }
                    }
                }
            }
            return out.isEmpty() ? NONE : out.toArray(NONE);
        }
    };

    static boolean worthFollowing(Class<?> type) {
        if (type.isPrimitive() || type.isArray()) {
            return false;
        }
        String n = type.getName();
        if (n.equals("java.sql.Connection") || n.equals("javax.sql.PooledConnection") || n.equals("javax.sql.XAConnection")
                || n.equals("java.lang.reflect.InvocationHandler") || implementsConnection(type)) {
            return true;
        }
        // A pool's own holder of one connection (Tomcat JDBC's PooledConnection, its interceptor chain), never
        // the pool itself: through a pool's structures a proxy could reach other connections than its own.
        String simple = type.getSimpleName();
        return POOLS.classify(n) == FrameClassifier.Kind.POOL
                && (simple.contains("PooledConnection") || simple.contains("Interceptor")
                    || simple.contains("Connection") && !simple.contains("Pool"));
    }

    private static boolean implementsConnection(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals("java.sql.Connection") || implementsConnection(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code start} leads (itself excluded) to one of {@code targets}. */
    boolean leadToAny(Object start, Set<Object> targets) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.add(new Object[] {start, 0});
        seen.add(start);
        while (!todo.isEmpty()) {
            Object[] e = todo.poll();
            Object o = e[0];
            int depth = (Integer) e[1];
            if (depth > 0 && targets.contains(o)) {
                return true;
            }
            if (depth == MAX_DEPTH) {
                continue;
            }
            for (Object next : next(o)) {
                if (next != null && seen.add(next)) {
                    todo.add(new Object[] {next, depth + 1});
                }
            }
        }
        return false;
    }

    private List<Object> next(Object o) {
        List<Object> out = new ArrayList<>(2);
        Class<?> type = o.getClass();
        if (Proxy.isProxyClass(type)) {
            try {
                out.add(Proxy.getInvocationHandler(o));
            } catch (RuntimeException ignored) {
                // not a proxy after all
            }
            return out;
        }
        for (Field f : fields.get(type)) {
            try {
                out.add(f.get(o));
            } catch (IllegalAccessException | RuntimeException ignored) {
                // unreadable: not followed
            }
        }
        return out;
    }
}
