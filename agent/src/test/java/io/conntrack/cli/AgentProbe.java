package io.conntrack.cli;

/**
 * Reads the agent's public API in a child JVM by reflection: test children are not compiled
 * against a class path that has the agent, they only get it from {@code -javaagent}.
 */
public final class AgentProbe {

    private AgentProbe() {
    }

    public static boolean active() {
        try {
            return (Boolean) api().getMethod("isActive").invoke(null);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** {@code snapshot().application.<field>}, e.g. "leaked". */
    public static long application(String field) throws ReflectiveOperationException {
        Object snapshot = api().getMethod("snapshot").invoke(null);
        Object totals = snapshot.getClass().getField("application").get(snapshot);
        return totals.getClass().getField(field).getLong(totals);
    }

    private static Class<?> api() throws ClassNotFoundException {
        return Class.forName("io.conntrack.ConnTrack", true, ClassLoader.getSystemClassLoader());
    }
}
