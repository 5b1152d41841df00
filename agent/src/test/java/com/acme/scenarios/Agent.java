package com.acme.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Scenario-side access to the agent, by reflection (scenarios are not compiled against it). */
public final class Agent {

    private Agent() {
    }

    public static String snapshotJson() {
        try {
            return (String) Class.forName("io.conntrack.ConnTrack").getMethod("snapshotJson").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Jackson, loaded on first use only: its first use allocates enough to bring a GC forward. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** {@link #snapshotJson()} parsed; null without the agent. */
    public static JsonNode snapshot() {
        String s = snapshotJson();
        try {
            return s == null ? null : Json.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + s, e);
        }
    }

    /** Prints the snapshot on one marked line for {@code ChildJvm.Result.snapshot()}. */
    public static void printSnapshot() {
        System.out.println("CONNTRACK-SNAPSHOT " + snapshotJson());
    }

    public static Path dump(String reason) throws ReflectiveOperationException {
        return (Path) Class.forName("io.conntrack.ConnTrack").getMethod("dump", String.class).invoke(null, reason);
    }

    /** Runs GCs until the agent has counted {@code expected} application leaks, at most 10 s. */
    public static void awaitLeaks(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
            JsonNode s = snapshot();
            if (s != null && s.get("totals").get("application").get("leaked").asLong() >= expected) {
                return;
            }
        }
    }

    /** Polls the agent counter {@code name} (in the snapshot's "agent" section) until it reaches {@code min}, at most 10 s. */
    public static boolean awaitAgentCounter(String name, long min) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode s = snapshot();
            if (s != null && s.get("agent").path(name).asLong() >= min) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * Waits up to 20 s for a JSON dump of {@code trigger} (e.g. {@code limit}) in {@code dir}, written by the
     * agent's monitor thread; fails the scenario if none appears.
     */
    public static Path awaitDumpFile(Path dir, String trigger) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "conntrack-*-" + trigger + "*.json")) {
                    for (Path p : s) {
                        return p;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no " + trigger + " dump appeared in " + dir + " within 20 s");
    }
}
