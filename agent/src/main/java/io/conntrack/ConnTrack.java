package io.conntrack;

import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * ConnTrack's public API: counters and dumps of the agent running in this JVM. This class is on the
 * application's class path with the agent jar (the rest of the agent is not); every method is safe to
 * call when the agent is not running: it then returns null, false or nothing.
 */
public final class ConnTrack {

    /** System property set to {@link #version()} once the agent runs; the CLI's "is it loaded?" check. */
    public static final String VERSION_PROPERTY = "conntrack.version";

    private static final String RUNTIME = "io.conntrack.AgentRuntime";

    private ConnTrack() {
    }

    /** The agent's version, from its jar's manifest; "dev" when run from classes. */
    public static String version() {
        String v = ConnTrack.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** True when the agent is running in this JVM and tracking connections. */
    public static boolean isActive() {
        return Boolean.TRUE.equals(call("isActive", null));
    }

    /** Totals and every callsite's counters now, as JSON (the dump format's totals and callsites), or null. */
    public static String snapshotJson() {
        return (String) call("snapshotJson", null);
    }

    /**
     * Writes a dump now, whatever the rate limit, and returns the JSON file's path; null when the
     * agent is not running or the dump folder is unwritable (the dump then went to stderr).
     */
    public static Path dump(String reason) {
        return (Path) call("dump", reason);
    }

    /** Resets every peak to the current open count. */
    public static void resetPeaks() {
        call("resetPeaks", null);
    }

    private static Object call(String method, String argument) {
        ClassLoader agent = AgentMain.agentLoader();
        if (agent == null) {
            return null;
        }
        try {
            Class<?> runtime = Class.forName(RUNTIME, true, agent);
            for (Method m : runtime.getMethods()) {
                if (m.getName().equals(method)) {
                    return m.getParameterCount() == 0 ? m.invoke(null) : m.invoke(null, argument);
                }
            }
            return null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
