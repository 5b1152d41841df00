package com.acme.compat.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a scenario main in a child JVM started with the packaged agent jar (and nothing of the agent
 * on the class path), and collects what the scenario emitted through {@link Probe}.
 */
public final class ChildJvm {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;

    private ChildJvm() {
    }

    public static Path agentJar() {
        String p = System.getProperty("conntrack.agent.jar", "../agent/target/conntrack-agent.jar");
        Path jar = Paths.get(p).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "agent jar missing: " + jar + " (run: mvn -pl compat -am verify)");
        return jar;
    }

    /** The test class path minus anything of the agent and any unshaded Byte Buddy. */
    static String childClassPath() {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        List<String> kept = Stream.of(entries)
                .filter(e -> !e.replace('\\', '/').contains("/agent/target/"))
                .filter(e -> !new File(e).getName().startsWith("conntrack-agent"))
                .filter(e -> !new File(e).getName().startsWith("byte-buddy"))
                .filter(e -> !new File(e).getName().startsWith("surefire"))
                .collect(Collectors.toList());
        assertTrue(kept.stream().anyMatch(e -> e.contains("test-classes")),
                "test classes not on java.class.path (failsafe must not use a manifest-only jar): " + kept);
        return String.join(File.pathSeparator, kept);
    }

    /** Runs {@code main} with agent options (comma-separated key=value, may be empty). */
    public static Result run(Class<?> main, String agentOptions, String... args) {
        Path dumpDir = Paths.get("target", "conntrack-dumps", main.getSimpleName()).toAbsolutePath();
        String options = "dumpDir=" + dumpDir + (agentOptions.isEmpty() ? "" : "," + agentOptions);
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-javaagent:" + agentJar() + "=" + options);
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dcom.mchange.v2.log.MLog=com.mchange.v2.log.FallbackMLog");
        cmd.add("-Dcom.mchange.v2.log.FallbackMLog.DEFAULT_CUTOFF_LEVEL=WARNING");
        cmd.add("-Dcompat.sources=" + Paths.get(System.getProperty("compat.sources", "src/test/java")).toAbsolutePath());
        cmd.add("-cp");
        cmd.add(childClassPath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(dumpDir);
            Path out = Files.createTempFile("compat-" + main.getSimpleName(), ".out");
            Path err = Files.createTempFile("compat-" + main.getSimpleName(), ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Result r = new Result(finished ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8)
                            + (finished ? "" : "\n" + main.getSimpleName() + " killed after " + TIMEOUT_SECONDS + "s"));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Exit code, output, and the values the scenario emitted, by key. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;
        private final Map<String, JsonNode> emitted = new LinkedHashMap<>();

        Result(int exitCode, String stdout, String stderr) throws IOException {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            for (String line : stdout.split("\n")) {
                if (line.startsWith(Probe.MARKER)) {
                    String rest = line.substring(Probe.MARKER.length());
                    int sp = rest.indexOf(' ');
                    emitted.put(rest.substring(0, sp), JSON.readTree(rest.substring(sp + 1)));
                }
            }
        }

        public JsonNode get(String key) {
            JsonNode n = emitted.get(key);
            if (n == null) {
                fail("child emitted no '" + key + "' (exit " + exitCode + ")\n" + describe());
            }
            return n;
        }

        public boolean has(String key) {
            return emitted.containsKey(key);
        }

        public Snap snap(String key) {
            return new Snap(get(key));
        }

        public String describe() {
            String err = stderr.length() > 6000 ? stderr.substring(stderr.length() - 6000) : stderr;
            String out = stdout.length() > 6000 ? stdout.substring(stdout.length() - 6000) : stdout;
            return "--- child stdout ---\n" + out + "\n--- child stderr ---\n" + err;
        }

        /** Fails (with the child's output) unless it exited 0 and printed no agent error. */
        public Result assertClean() {
            assertTrue(exitCode == 0, "child exit code " + exitCode + "\n" + describe());
            assertTrue(!stderr.contains("[conntrack] ERROR"), "agent logged an error\n" + describe());
            return this;
        }
    }
}
