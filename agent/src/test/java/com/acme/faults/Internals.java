package com.acme.faults;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;

/** Reflective access to agent internals the hardening scenarios need (scenarios are not compiled against the agent). */
public final class Internals {

    private Internals() {
    }

    /**
     * {@code AgentRuntime.<method>()}: the agent's internals are hidden from the application (they live in
     * the agent's own class loader), so the test reaches that loader through AgentMain, by reflection.
     */
    static Object connTrack(String method) throws ReflectiveOperationException {
        java.lang.reflect.Method loaderOf = Class.forName("io.conntrack.AgentMain").getDeclaredMethod("agentLoader");
        loaderOf.setAccessible(true);
        ClassLoader agent = (ClassLoader) loaderOf.invoke(null);
        java.lang.reflect.Method m = Class.forName("io.conntrack.AgentRuntime", true, agent).getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(null);
    }

    /** Registers a {@code Monitor.DumpListener} that runs {@code onDump} with the dump file's path. */
    public static void addDumpListener(Consumer<Object> onDump) throws ReflectiveOperationException {
        Object monitor = connTrack("monitor");
        Class<?> type = Class.forName("io.conntrack.reporting.Monitor$DumpListener", true, monitor.getClass().getClassLoader());
        Object listener = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getName().equals("dumped")) {
                onDump.accept(a[1]);
                return null;
            }
            if (m.getName().equals("toString")) {
                return "test listener";
            }
            return m.getName().equals("hashCode") ? System.identityHashCode(p) : (Object) (p == a[0]);
        });
        monitor.getClass().getMethod("addDumpListener", type).invoke(monitor, listener);
    }

    /** Open connection records the tracker holds now. */
    public static int openRecords() throws ReflectiveOperationException {
        Object tracker = connTrack("tracker");
        return ((List<?>) tracker.getClass().getMethod("openRecords").invoke(tracker)).size();
    }
}
