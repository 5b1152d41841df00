package io.conntrack.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;

/**
 * Starts {@code io.conntrack.metrics.http.JdkHttpMetricsServer} in a class loader of its own.
 *
 * <p>The agent lives in the bootstrap class loader, which cannot see the JDK's HTTP server: module
 * jdk.httpserver is defined to the platform class loader. This loader defines the classes of
 * {@code io.conntrack.metrics.http} itself (read from the agent jar), takes {@code com.sun.net.httpserver}
 * and the rest of the JDK from the platform loader, and the agent's other classes from the agent's
 * own loader, so the server code sees both. Those classes use only public agent types.
 */
final class HttpServerLoader extends ClassLoader {

    static final String HTTP_PACKAGE = "io.conntrack.metrics.http.";
    static final String SERVER_CLASS = HTTP_PACKAGE + "JdkHttpMetricsServer";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader agentLoader;

    HttpServerLoader(ClassLoader agentLoader) {
        super("conntrack-metrics-http", ClassLoader.getPlatformClassLoader());
        this.agentLoader = agentLoader;
    }

    /** Binds and starts the server; an IOException when the address cannot be bound. */
    static MetricsServer start(InetSocketAddress address, MetricsRoutes routes) throws IOException, ReflectiveOperationException {
        HttpServerLoader loader = new HttpServerLoader(HttpServerLoader.class.getClassLoader());
        try {
            return (MetricsServer) Class.forName(SERVER_CLASS, true, loader)
                    .getMethod("start", InetSocketAddress.class, MetricsRoutes.class)
                    .invoke(null, address, routes);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (name.startsWith(HTTP_PACKAGE)) {
                    c = findClass(name);
                } else if (name.startsWith("io.conntrack.")) {
                    c = Class.forName(name, false, agentLoader);
                } else {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = agentLoader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : agentLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name + " is not in the agent jar");
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
