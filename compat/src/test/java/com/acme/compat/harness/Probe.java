package com.acme.compat.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

/**
 * Child-JVM side: reads the agent through reflection (scenarios are not compiled against it) and
 * emits values on marker lines that {@link ScenarioRun.Result} parses.
 */
public final class Probe {

    static final String MARKER = "@@CONNTRACK ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Probe() {
    }

    private static Object call(String method, Class<?>[] types, Object... args) {
        try {
            Class<?> api = Class.forName("io.conntrack.ConnTrack", true, ClassLoader.getSystemClassLoader());
            Method m = api.getMethod(method, types);
            return m.invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("agent API not reachable: " + e, e);
        }
    }

    public static String snapshotJson() {
        if (!Boolean.TRUE.equals(call("isActive", new Class<?>[0]))) {
            throw new IllegalStateException("agent not active");
        }
        return (String) call("snapshotJson", new Class<?>[0]);
    }

    /** Writes an on-demand dump and returns its JSON text. */
    public static String dump(String reason) {
        Object path = call("dump", new Class<?>[] {String.class}, reason);
        try {
            return java.nio.file.Files.readString((java.nio.file.Path) path);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes an on-demand dump and returns its JSON and its text, in that order. */
    public static String[] dumpJsonAndText(String reason) {
        java.nio.file.Path json = (java.nio.file.Path) call("dump", new Class<?>[] {String.class}, reason);
        if (json == null) {
            throw new IllegalStateException("ConnTrack.dump returned null (dumpDir not writable?)");
        }
        java.nio.file.Path text = json.resolveSibling(json.getFileName().toString().replaceAll("\\.json$", ".txt"));
        try {
            return new String[] {java.nio.file.Files.readString(json), java.nio.file.Files.readString(text)};
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The application's leaked count now (all callsites). */
    public static long appLeaked() throws Exception {
        return JSON.readTree(snapshotJson()).get("totals").get("application").get("leaked").asLong();
    }

    /**
     * Collects garbage until the application's leaked count reaches {@code leaked} (bounded); returns
     * whether it did.
     */
    public static boolean awaitAppLeaked(long leaked, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        do {
            System.gc();
            if (appLeaked() >= leaked) {
                return true;
            }
            Thread.sleep(50); // the agent's monitor thread processes collected references
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Emits the current snapshot under {@code key}. */
    public static void snapshot(String key) {
        emitRaw(key, snapshotJson());
    }

    public static void emit(String key, Object value) {
        try {
            emitRaw(key, JSON.writeValueAsString(value));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized void emitRaw(String key, String json) {
        System.out.println(MARKER + key + " " + json.replace('\n', ' '));
        System.out.flush();
    }

    /**
     * Collects garbage until the callsite named exactly {@code callsite} shows at
     * least {@code leaked} leaks (bounded); returns whether it did.
     */
    public static boolean awaitLeaked(String callsite, long leaked, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        do {
            System.gc();
            JsonNode s = JSON.readTree(snapshotJson());
            for (JsonNode c : s.get("callsites")) {
                if (c.get("callsite").asText().equals(callsite) && c.get("leaked").asLong() >= leaked) {
                    return true;
                }
            }
            Thread.sleep(50); // the agent's monitor thread processes collected references
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** The leaked count of the callsite named exactly {@code callsite} now. */
    public static long leakedAt(String callsite) throws Exception {
        for (JsonNode c : JSON.readTree(snapshotJson()).get("callsites")) {
            if (c.get("callsite").asText().equals(callsite)) {
                return c.get("leaked").asLong();
            }
        }
        return 0;
    }

    /** Collects garbage until the application's open count is at most {@code appOpen} (bounded). */
    public static void settle(long appOpen, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        do {
            System.gc();
            Thread.sleep(100);
            if (JSON.readTree(snapshotJson()).get("totals").get("application").get("open").asLong() <= appOpen) {
                return;
            }
        } while (System.nanoTime() < deadline);
    }

    public static long appOpen() throws Exception {
        return JSON.readTree(snapshotJson()).get("totals").get("application").get("open").asLong();
    }

    private static long markingCount() throws Exception {
        JsonNode agent = JSON.readTree(snapshotJson()).get("agent");
        return agent.path("callsitesMarked").asLong() + agent.path("callsitesNotMarked").asLong();
    }

    /**
     * Waits (bounded) until the agent's background call-site marking, which retransforms the
     * calling class, has handled {@code atLeast} call sites and then stayed quiet for 300 ms.
     */
    public static void awaitMarkingIdle(long atLeast, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long last = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            long now = markingCount();
            quiet = now == last && now >= atLeast ? quiet + 1 : 0;
            if (quiet >= 3) {
                return;
            }
            last = now;
            Thread.sleep(100);
        }
    }

    public static long markedCount() throws Exception {
        return markingCount();
    }
}
