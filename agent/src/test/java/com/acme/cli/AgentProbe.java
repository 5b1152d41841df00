package com.acme.cli;

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

    /** {@code totals.application.<field>} of {@code snapshotJson()}, e.g. "leaked". */
    public static long application(String field) throws ReflectiveOperationException {
        String json = (String) api().getMethod("snapshotJson").invoke(null);
        if (json == null) {
            throw new IllegalStateException("the agent is not running");
        }
        // a child's class path may lack a JSON library: the field's first occurrence after "application"
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"application\":\\{[^}]*\"" + field + "\":(\\d+)")
                .matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no application." + field + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static Class<?> api() throws ClassNotFoundException {
        return Class.forName("io.conntrack.ConnTrack", true, ClassLoader.getSystemClassLoader());
    }
}
