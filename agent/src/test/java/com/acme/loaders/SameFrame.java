package com.acme.loaders;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.Tracker;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * One class, loaded afresh by each {@link #inNewLoader()}: its callsites render alike from every loader
 * ({@code com.acme.loaders.SameFrame.acquire(SameFrame.java:N)}) but are distinct callsites, as for the
 * same DAO in two web applications or after a redeploy. {@link #apply} takes a connection from a
 * tracker, as the advice would, and leaves it open.
 */
public final class SameFrame implements Function<Tracker, Object> {

    @Override
    public Object apply(Tracker t) {
        return acquire(t);
    }

    private static Object acquire(Tracker t) {
        return connect(t); // SAME-FRAME
    }

    private static Object connect(Tracker t) {
        long token = t.acquireEnter(null);
        Object connection = new Object();
        t.acquireExit(token, Bridge.KIND_DATASOURCE, connection, null);
        return connection;
    }

    /** A new instance from a new class loader that defines this class itself and delegates everything else. */
    @SuppressWarnings("unchecked")
    public static Function<Tracker, Object> inNewLoader() {
        ClassLoader parent = SameFrame.class.getClassLoader();
        ClassLoader own = new ClassLoader("same-frame", parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(SameFrame.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try (InputStream in = parent.getResourceAsStream(name.replace('.', '/') + ".class")) {
                            byte[] b = in.readAllBytes();
                            c = defineClass(name, b, 0, b.length);
                        } catch (IOException e) {
                            throw new ClassNotFoundException(name, e);
                        }
                    }
                    return c;
                }
            }
        };
        try {
            Class<?> type = own.loadClass(SameFrame.class.getName());
            if (type == SameFrame.class) {
                throw new IllegalStateException("not loaded afresh");
            }
            return (Function<Tracker, Object>) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
