package io.conntrack.it;

import io.conntrack.testsupport.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM with the packaged agent jar running a scenario that takes commands on stdin and answers
 * {@code REPLY <command> <payload>} lines; stderr (the agent's log) is collected for assertions.
 */
final class InteractiveChild implements AutoCloseable {

    private static final Pattern METRICS_URL = Pattern.compile("metrics on (http://\\S+)/metrics");

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    final Path workDir;

    private InteractiveChild(Process process, Path workDir) {
        this.process = process;
        this.workDir = workDir;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump(process.getInputStream(), "child-stdout", line -> {
            synchronized (stdout) {
                stdout.add(line);
            }
            if (line.startsWith("REPLY ")) {
                replies.add(line.substring("REPLY ".length()));
            }
        });
        pump(process.getErrorStream(), "child-stderr", line -> {
            synchronized (stderr) {
                stderr.add(line);
                stderr.notifyAll();
            }
        });
    }

    /** Starts {@code main} with {@code -javaagent:conntrack-agent.jar[=agentArgs]} (no agent when null). */
    static InteractiveChild start(Class<?> main, String agentArgs, String... jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        if (agentArgs != null) {
            cmd.add("-javaagent:" + ChildJvm.agentJar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        cmd.addAll(Arrays.asList(jvmArgs));
        cmd.add("-cp");
        // without logback the child's SLF4J is a no-op: HikariCP stays quiet and agent warnings go to stderr
        cmd.add(Arrays.stream(ChildJvm.childClasspath().split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("logback"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        cmd.add(main.getName());
        Path dir = Files.createTempDirectory("conntrack-metrics-it");
        return new InteractiveChild(new ProcessBuilder(cmd).directory(dir.toFile()).start(), dir);
    }

    private interface LineSink {
        void accept(String line);
    }

    private static void pump(InputStream in, String name, LineSink sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the child ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** Sends one command and returns the payload of its reply. */
    String command(String command) throws IOException, InterruptedException {
        return command(command, Duration.ofSeconds(60));
    }

    String command(String command, Duration timeout) throws IOException, InterruptedException {
        stdin.write(command + "\n");
        stdin.flush();
        return awaitReply(command.split(" ")[0], timeout);
    }

    String awaitReply(String command, Duration timeout) throws InterruptedException {
        String r = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no reply to '" + command + "' within " + timeout + "\n" + this);
        }
        if (!r.startsWith(command + " ")) {
            throw new AssertionError("expected a reply to '" + command + "', got '" + r + "'\n" + this);
        }
        return r.substring(command.length() + 1);
    }

    /** The first stderr line matching {@code pattern}, waiting up to {@code timeout} for it. */
    Matcher awaitStderr(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stderr) {
            while (true) {
                for (String line : stderr) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive() && stderrComplete()) {
                    throw new AssertionError("no stderr line matching " + pattern + "\n" + this);
                }
                stderr.wait(Math.min(left, 200));
            }
        }
    }

    private boolean stderrComplete() {
        try {
            return process.waitFor(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The endpoint's base URL as the agent logged it, e.g. {@code http://127.0.0.1:40123}. */
    String metricsUrl() throws InterruptedException {
        return awaitStderr(METRICS_URL, Duration.ofSeconds(30)).group(1);
    }

    List<String> stderrLines() {
        synchronized (stderr) {
            return new ArrayList<>(stderr);
        }
    }

    /** Sends quit and waits for the JVM to end by itself; returns its exit code, or -1 when it did not end. */
    int quitAndAwaitExit(Duration timeout) throws IOException, InterruptedException {
        command("quit");
        stdin.close();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        synchronized (stdout) {
            synchronized (stderr) {
                return "--- child stdout ---\n" + String.join("\n", stdout) + "\n--- child stderr ---\n" + String.join("\n", stderr);
            }
        }
    }
}
