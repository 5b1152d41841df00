package io.conntrack.junit.userbuild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of Maven (the one running this build) on a project, its output in a log file. */
final class MavenRun {

    final int exitCode;
    final Path log;
    final Duration took;

    private MavenRun(int exitCode, Path log, Duration took) {
        this.exitCode = exitCode;
        this.log = log;
        this.took = took;
    }

    /**
     * Runs {@code mvn args...} in {@code project} with this JVM's Java as JAVA_HOME; kills it after
     * {@code timeout}.
     */
    static MavenRun run(Path mavenHome, Path project, Path log, Duration timeout, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(mavenHome.resolve("bin").resolve("mvn").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAVEN_ARGS"); // arguments Maven 3.9+ adds to every run; MAVEN_OPTS (proxies) stays
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("mvn " + String.join(" ", args) + " did not end within " + timeout + "; its output: " + log
                    + "\n" + tail(log, 40));
        }
        return new MavenRun(p.exitValue(), log, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The last lines of the log. */
    String tail(int lines) {
        return tail(log, lines);
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
