package io.conntrack.junit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The agent's public API ({@code io.conntrack.ConnTrack}), reached by reflection. The extension is not
 * compiled against the agent: {@code -javaagent} puts the agent jar, and with it {@code ConnTrack}, on
 * the system class path of the test JVM, and nothing else should (a second copy of the agent's classes
 * on the test class path would shadow the running agent's). Reflection also lets the extension say
 * exactly what is missing when the agent is not there, instead of failing with a linkage error.
 */
final class AgentApi {

    static final String CLASS = "io.conntrack.ConnTrack";

    private static volatile AgentApi found;

    private final Class<?> type;
    private final String problem;
    private final Method beginScope;
    private final Method scopeJson;
    private final Method endScope;

    private AgentApi(Class<?> type, String problem, Method beginScope, Method scopeJson, Method endScope) {
        this.type = type;
        this.problem = problem;
        this.beginScope = beginScope;
        this.scopeJson = scopeJson;
        this.endScope = endScope;
    }

    /** The agent in this JVM, looked up once it runs (until then looked up again each time: cheap). */
    static AgentApi get() {
        AgentApi a = found;
        if (a == null) {
            a = locate();
            if (a.problem == null) {
                found = a;
            }
        }
        return a;
    }

    private static AgentApi locate() {
        Class<?> type = load(ClassLoader.getSystemClassLoader());
        if (type == null) {
            type = load(Thread.currentThread().getContextClassLoader());
        }
        if (type == null) {
            type = load(AgentApi.class.getClassLoader());
        }
        if (type == null) {
            return new AgentApi(null, "the ConnTrack agent is not running in this JVM (" + CLASS + " is not on its class path)",
                    null, null, null);
        }
        try {
            if (!Boolean.TRUE.equals(type.getMethod("isActive").invoke(null))) {
                return new AgentApi(type, "the ConnTrack agent is not running in this JVM: " + CLASS + " is on the class path, "
                        + "but the agent was not started with -javaagent, or it did not start (look for a [conntrack] ERROR line "
                        + "at the start of the test output), or it switched tracking off after an internal error",
                        null, null, null);
            }
            return new AgentApi(type, null, type.getMethod("beginScope", String.class, boolean.class), type.getMethod("scopeJson", long.class),
                    type.getMethod("endScope", long.class));
        } catch (NoSuchMethodException e) {
            return new AgentApi(type, "the ConnTrack agent in this JVM (version " + version(type) + ") has no test scopes ("
                    + CLASS + "." + e.getMessage() + "): use the agent of the same version as conntrack-junit", null, null, null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new AgentApi(type, "the ConnTrack agent's API could not be called: " + e, null, null, null);
        }
    }

    private static Class<?> load(ClassLoader loader) {
        if (loader == null) {
            return null;
        }
        try {
            return Class.forName(CLASS, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static String version(Class<?> type) {
        try {
            return String.valueOf(type.getMethod("version").invoke(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Null when the agent runs and has what the extension needs; else why not, in one sentence. */
    String problem() {
        return problem;
    }

    String version() {
        return type == null ? "none" : version(type);
    }

    long beginScope(String name, boolean allThreads) {
        Object id = invoke(beginScope, name, allThreads);
        return id instanceof Long ? (Long) id : 0L;
    }

    String scopeJson(long scope) {
        return (String) invoke(scopeJson, scope);
    }

    String endScope(long scope) {
        return (String) invoke(endScope, scope);
    }

    private static Object invoke(Method m, Object... arguments) {
        try {
            return m.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("ConnTrack's " + m.getName() + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("ConnTrack's " + m.getName() + " could not be called", e);
        }
    }
}
