package io.conntrack.cli;

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
import java.util.stream.Collectors;

/**
 * A child JVM for integration tests: the same java as the test, the test classes and dependencies on
 * its class path but not the agent's own classes (the agent comes only from the packaged jar). Output
 * goes to files, so a chatty child never blocks. Closing stdin ends the child (see {@link ChildMain}).
 */
public final class ChildJvm implements AutoCloseable {

    private static final Path LOGS = Paths.get("target", "it-logs");
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static Path agentJar() {
        Path jar = Paths.get(System.getProperty("conntrack.agent.jar", "target/conntrack-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package (or mvn verify) in agent/ first");
        }
        return jar;
    }

    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The test classes and the databases and pools they use; never the agent's own classes, Byte Buddy
     * or logging (failsafe puts the unshaded agent jar on the test class path: a child must get the
     * agent only from the packaged jar).
     */
    public static String testClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith("test-classes") || CHILD_LIBRARIES.matcher(Paths.get(e).getFileName().toString()).matches())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static final java.util.regex.Pattern CHILD_LIBRARIES = java.util.regex.Pattern.compile(
            "(h2|HikariCP|commons-dbcp2|commons-pool2|commons-logging|tomcat-jdbc|tomcat-juli)-[0-9].*\\.jar");

    public static int javaFeature() {
        return Runtime.version().feature();
    }

    public static ChildJvm start(String name, List<String> jvmArgs, Class<?> main, String... args) throws IOException {
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
        return new ChildJvm(p, out, err);
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

    private static String read(Path p) {
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }

    static void pause(long millis) {
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
