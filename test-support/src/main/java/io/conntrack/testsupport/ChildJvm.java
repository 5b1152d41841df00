package io.conntrack.testsupport;

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
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A child JVM with the packaged agent jar, exactly as users run it: the same java as the test, and a
 * class path without the agent's own classes or unshaded Byte Buddy, so the agent can only come from
 * the jar. Output goes to files, so a chatty child never blocks.
 *
 * <p>Two ways to run one: {@link #main(Class)} builds a child that runs to its end ({@link #run()}:
 * exit code, output and the snapshots it printed); {@link #start} starts a long-running child that the
 * test talks to ({@link Running}: its pid, output, waits; closing its stdin ends it). {@link #cli} runs
 * {@code java -jar conntrack-agent.jar ...}.
 */
public final class ChildJvm {

    /** The line prefix of a snapshot a scenario prints (the agent tests' {@code Agent.printSnapshot()}). */
    public static final String SNAPSHOT_MARKER = "CONNTRACK-SNAPSHOT ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOGS = Paths.get("target", "it-logs");

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

    /** The child's working directory; a new temporary directory when not set. */
    public ChildJvm workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public ChildJvm timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    /**
     * The packaged agent: system property {@code conntrack.agent.jar} (set by each module's failsafe
     * configuration), else {@code target/conntrack-agent.jar} (tests run in agent/).
     */
    public static Path agentJar() {
        Path jar = Paths.get(System.getProperty("conntrack.agent.jar", "target/conntrack-agent.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("packaged agent not found at " + jar + ": run mvn package (or mvn verify) in agent/ first");
        }
        return jar;
    }

    /** The java of this JVM. */
    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int javaFeature() {
        return Runtime.version().feature();
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

    private static final Pattern CHILD_LIBRARIES = Pattern.compile(
            "(h2|HikariCP|commons-dbcp2|commons-pool2|commons-logging|tomcat-jdbc|tomcat-juli)-[0-9].*\\.jar");

    /**
     * Only the test classes and the databases and pools they use: never the agent's own classes, Byte
     * Buddy or logging (failsafe puts the unshaded agent jar on the test class path: a child must get the
     * agent only from the packaged jar). The class path of {@link #start}.
     */
    public static String testClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith("test-classes") || CHILD_LIBRARIES.matcher(Paths.get(e).getFileName().toString()).matches())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Runs the child to its end (or its time-out, when it is killed). */
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

        /** The last snapshot the scenario printed (a line starting with {@link #SNAPSHOT_MARKER}). */
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

    /**
     * Starts {@code main} on {@link #testClasspath()} with exactly {@code jvmArgs} (a {@code -javaagent}
     * among them where the test wants the agent); output in target/it-logs/NAME.out and .err.
     */
    public static Running start(String name, List<String> jvmArgs, Class<?> main, String... args) throws IOException {
        Files.createDirectories(LOGS);
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(testClasspath());
        cmd.add(main.getName());
        cmd.addAll(Arrays.asList(args));
        Path out = LOGS.resolve(name + ".out");
        Path err = LOGS.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(p, out, err);
    }

    /** A child started by {@link #start}; closing it closes its stdin, which ends a child that waits on it. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path stdout;
        private final Path stderr;

        private Running(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public long pid() {
            return process.pid();
        }

        public String stdout() {
            return read(stdout);
        }

        public String stderr() {
            return read(stderr);
        }

        /** Waits until the child printed {@code text} on stdout; fails with its output otherwise. */
        public void awaitStdout(String text, Duration timeout) {
            await(() -> stdout().contains(text), timeout, "stdout to contain '" + text + "'");
        }

        public void await(BooleanSupplier condition, Duration timeout, String what) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (!process.isAlive() && !condition.getAsBoolean()) {
                    throw new AssertionError("child exited (" + process.exitValue() + ") before " + what + "\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + output());
                }
                pause(25);
            }
        }

        /** Waits for the child to end by itself; returns its exit code. */
        public int waitFor(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child still running after " + timeout + "\n" + output());
            }
            return process.exitValue();
        }

        public String output() {
            return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
        }

        @Override
        public void close() throws InterruptedException {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }

    /** Sleeps, turning an interrupt into a test failure. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs {@code java -jar conntrack-agent.jar args...} as its own process. */
    public static CliRun cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(Arrays.asList(java(), "-jar", agentJar().toString()));
        cmd.addAll(Arrays.asList(args));
        Files.createDirectories(LOGS);
        Path out = Files.createTempFile(LOGS, "cli-", ".out");
        Path err = Files.createTempFile(LOGS, "cli-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("CLI " + cmd + " did not finish in 60 s");
        }
        return new CliRun(p.exitValue(), read(out), read(err));
    }

    /** What one CLI run printed and returned. */
    public static final class CliRun {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        CliRun(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
