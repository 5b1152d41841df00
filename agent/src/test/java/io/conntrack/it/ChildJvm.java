package io.conntrack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a scenario main in a child JVM with the packaged agent jar, exactly as users run it. The child
 * class path is this test's class path minus the agent's own classes and unshaded Byte Buddy, so the
 * agent can only come from the jar.
 */
public final class ChildJvm {

    public static final String SNAPSHOT_MARKER = "CONNTRACK-SNAPSHOT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String mainClass;
    private String agentArgs = "";
    private boolean withAgent = true;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private Path workDir;
    private Path javaHome = Paths.get(System.getProperty("java.home"));
    private Duration timeout = Duration.ofSeconds(90);
    private final List<String> keepOnClasspath = new ArrayList<>();
    private final List<String> extraClasspath = new ArrayList<>();
    private List<String> classpath;

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    public static ChildJvm main(Class<?> main) {
        return new ChildJvm(main.getName());
    }

    public ChildJvm agentArgs(String a) {
        this.agentArgs = a;
        return this;
    }

    public ChildJvm withoutAgent() {
        this.withAgent = false;
        return this;
    }

    public ChildJvm jvmArg(String... a) {
        jvmArgs.addAll(Arrays.asList(a));
        return this;
    }

    public ChildJvm args(String... a) {
        args.addAll(Arrays.asList(a));
        return this;
    }

    /** Keeps test class path entries containing {@code fragment} that are normally filtered out (e.g. "byte-buddy"). */
    public ChildJvm keepOnClasspath(String fragment) {
        keepOnClasspath.add(fragment);
        return this;
    }

    /** Appends an entry (a jar or folder) to the child's class path. */
    public ChildJvm addToClasspath(Path entry) {
        extraClasspath.add(entry.toAbsolutePath().toString());
        return this;
    }

    /** Replaces the whole class path (e.g. jars only, for class-data sharing archives). */
    public ChildJvm classpath(List<Path> entries) {
        this.classpath = entries.stream().map(e -> e.toAbsolutePath().toString()).collect(Collectors.toList());
        return this;
    }

    public ChildJvm workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public ChildJvm timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    public static Path agentJar() {
        String p = System.getProperty("conntrack.agent.jar");
        if (p == null) {
            p = "target/conntrack-agent.jar";
        }
        Path jar = Paths.get(p).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("packaged agent not found at " + jar + "; run mvn package first");
        }
        return jar;
    }

    public static String childClasspath() {
        return childClasspath(List.of());
    }

    /** The test class path without the agent's classes, keeping Byte Buddy entries that match {@code keep}. */
    public static String childClasspath(List<String> keep) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.replace('\\', '/').contains("agent/target/classes"))
                .filter(e -> !e.contains("conntrack-agent"))
                .filter(e -> !e.contains("byte-buddy") || keep.stream().anyMatch(e::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public Result run() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-XX:AOT"))) { // AOT options refuse any -Xshare
            cmd.add("-Xshare:auto");
        }
        if (withAgent) {
            cmd.add("-javaagent:" + agentJar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        List<String> cp = classpath != null ? new ArrayList<>(classpath) : new ArrayList<>(List.of(childClasspath(keepOnClasspath)));
        cp.addAll(extraClasspath);
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(mainClass);
        cmd.addAll(args);
        Path dir = workDir != null ? workDir : Files.createTempDirectory("conntrack-it");
        Path out = Files.createTempFile("child", ".out");
        Path err = Files.createTempFile("child", ".err");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long exitedAtMillis = System.currentTimeMillis();
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Result r = new Result(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), dir, !done, exitedAtMillis);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** What the child printed and left behind. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;
        public final Path workDir;
        public final boolean timedOut;
        /** Wall-clock time (System.currentTimeMillis) at which the parent saw the child end. */
        public final long exitedAtMillis;

        Result(int exitCode, String stdout, String stderr, Path workDir, boolean timedOut, long exitedAtMillis) {
            this.exitedAtMillis = exitedAtMillis;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            this.workDir = workDir;
            this.timedOut = timedOut;
        }

        /** The last snapshot the scenario printed with {@code Agent.printSnapshot()}. */
        public JsonNode snapshot() throws IOException {
            return snapshot(-1);
        }

        /** The i-th snapshot printed (negative counts from the end). */
        public JsonNode snapshot(int i) throws IOException {
            List<String> lines = stdout.lines().filter(l -> l.startsWith(SNAPSHOT_MARKER)).collect(Collectors.toList());
            if (lines.isEmpty() || lines.get(lines.size() - 1).endsWith(" null")) {
                throw new AssertionError("the child printed no snapshot\n" + this);
            }
            return JSON.readTree(lines.get(i < 0 ? lines.size() + i : i).substring(SNAPSHOT_MARKER.length()));
        }

        /** The application callsite whose rendering starts with {@code prefix}, or null. */
        public static JsonNode callsite(JsonNode snapshot, String prefix) {
            for (JsonNode c : snapshot.get("callsites")) {
                if (c.get("callsite").asText().startsWith(prefix)) {
                    return c;
                }
            }
            return null;
        }

        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("child exited with " + exitCode + (timedOut ? " (timed out)" : "") + "\n" + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return "--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }
}
