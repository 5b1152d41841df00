package io.conntrack;

import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * ConnTrack's public API: counters and dumps of the agent running in this JVM. This class is on the
 * application's class path with the agent jar (the rest of the agent is not); every method is safe to
 * call when the agent is not running: it then returns null, false, 0 or nothing. Arguments and results
 * are JDK types only.
 *
 * <h2>Test scopes</h2>
 * {@link #beginScope}, {@link #scopeJson} and {@link #endScope} tell which application connections a
 * piece of code (a test) acquired and did not close; the JUnit extension {@code conntrack-junit} uses
 * them, and so can any other harness:
 * <pre>{@code
 * long scope = ConnTrack.beginScope("OrderDaoTest.loads");   // 0: the agent is not running
 * try { runTheTest(); } finally {
 *     String json = ConnTrack.endScope(scope);                // {"format":"conntrack-scope/1",...}
 * }
 * }</pre>
 * A scope is entered by the calling thread and by every thread that thread starts while in it (not by
 * threads that existed before: pools, executors, server workers, unless begun with {@code allThreads}). Each application connection such a
 * thread acquires is tagged with the scope (pool-owned connections never count); the report lists those
 * still open and those garbage-collected without {@code close()}, with callsite, thread and acquiring
 * stack. Scopes nest per thread; concurrent scopes on different threads (parallel tests) are
 * independent. The format is described in docs/testing.md:
 * <pre>{@code
 * {"format":"conntrack-scope/1","scope":7,"name":"...","ended":true,"durationMillis":12,
 *  "connections":[{"state":"open","callsite":"com.acme.Dao.load(Dao.java:42)","className":"com.acme.Dao",
 *                  "methodName":"load","line":42,"thread":"main","threadId":1,"heldMillis":10,
 *                  "stack":["org.h2.jdbcx.JdbcDataSource.getConnection(JdbcDataSource.java:130)", ...]}],
 *  "open":1,"leaked":0}
 * }</pre>
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
        return Boolean.TRUE.equals(call("isActive"));
    }

    /** Totals and every callsite's counters now, as JSON (the dump format's totals and callsites), or null. */
    public static String snapshotJson() {
        return (String) call("snapshotJson");
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
        call("resetPeaks");
    }

    /**
     * Begins a scope on the calling thread (and on the threads it starts until the scope ends).
     *
     * @param name shown in the report (a test's name)
     * @return the scope's id, greater than 0; 0 when the agent is not running
     */
    public static long beginScope(String name) {
        return beginScope(name, false);
    }

    /**
     * As {@link #beginScope(String)}; with {@code allThreads}, the scope also takes every application
     * connection acquired from now on by a thread in no active scope (a server's workers, an executor
     * created before): for code that runs alone, such as tests run one at a time calling a server in
     * the same JVM. Two such scopes at once both take those connections.
     */
    public static long beginScope(String name, boolean allThreads) {
        Object id = call("beginScope", name, allThreads);
        return id instanceof Long ? (Long) id : 0L;
    }

    /**
     * The scope's application connections that are open now or were garbage-collected without close(),
     * as JSON ({@code conntrack-scope/1}); the scope goes on. Null when the agent is not running or the
     * scope is not active (never begun, or ended).
     */
    public static String scopeJson(long scope) {
        return (String) call("scopeJson", scope);
    }

    /**
     * As {@link #scopeJson}, then ends the scope: connections of it that leak later count against no
     * scope. Called on the thread that began it, that thread returns to the scope it was in before
     * (none, usually). Null when the agent is not running or the scope is not active.
     */
    public static String endScope(long scope) {
        return (String) call("endScope", scope);
    }

    private static Object call(String method, Object... arguments) {
        ClassLoader agent = AgentMain.agentLoader();
        if (agent == null) {
            return null;
        }
        try {
            Class<?> runtime = Class.forName(RUNTIME, true, agent);
            for (Method m : runtime.getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == arguments.length) {
                    return m.invoke(null, arguments);
                }
            }
            return null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
