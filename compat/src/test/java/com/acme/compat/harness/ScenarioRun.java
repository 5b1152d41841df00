package com.acme.compat.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.testsupport.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a compat scenario main in a child JVM started with the packaged agent jar (and nothing of the
 * agent on the class path; {@link ChildJvm} starts it), and collects what the scenario emitted through
 * {@link Probe}.
 */
public final class ScenarioRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;

    private ScenarioRun() {
    }

    /**
     * Artifacts of the real-leak libraries (RealLeaksIT): on the test class path only to compile the
     * scenarios (their fixed release, without dependencies); a child gets them only from the version
     * folder its run names.
     */
    private static final Set<String> REAL_LEAK_ARTIFACTS = Set.of(
            "logback-classic", "logback-core",
            "spring-ai-model-chat-memory-repository-jdbc", "spring-ai-model", "spring-ai-commons",
            "mybatis-plus-extension", "mybatis-plus-core", "mybatis-plus-annotation",
            "camel-api",
            "artemis-jdbc-store", "artemis-journal", "artemis-commons",
            "spring-boot-autoconfigure");

    /** A jar's artifact name: its file name up to the version ({@code mybatis-spring-2.0.6.jar} is {@code mybatis-spring}). */
    private static final Pattern VERSIONED_JAR = Pattern.compile("(.+?)-\\d.*\\.jar");

    static String artifactOf(Path jar) {
        String name = jar.getFileName().toString();
        Matcher m = VERSIONED_JAR.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    /**
     * The test class path minus anything of the agent, any unshaded Byte Buddy, the real-leak libraries,
     * and every jar of an artifact that {@code replacedBy} brings in another version of (a release's
     * own MyBatis or Spring instead of the test class path's).
     */
    static List<Path> childClassPath(List<Path> replacedBy) {
        Set<String> replaced = replacedBy.stream().map(ScenarioRun::artifactOf).collect(Collectors.toSet());
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        List<String> kept = Stream.of(entries)
                .filter(e -> !e.replace('\\', '/').contains("/agent/target/"))
                .filter(e -> !new File(e).getName().startsWith("conntrack-agent"))
                .filter(e -> !new File(e).getName().startsWith("byte-buddy"))
                .filter(e -> !new File(e).getName().startsWith("surefire"))
                .filter(e -> !(e.endsWith(".jar") && REAL_LEAK_ARTIFACTS.contains(artifactOf(Paths.get(e)))))
                .filter(e -> !(e.endsWith(".jar") && replaced.contains(artifactOf(Paths.get(e)))))
                .collect(Collectors.toList());
        assertTrue(kept.stream().anyMatch(e -> e.contains("test-classes")),
                "test classes not on java.class.path (failsafe must not use a manifest-only jar): " + kept);
        return kept.stream().map(Paths::get).collect(Collectors.toList());
    }

    /** Runs {@code main} with agent options (comma-separated key=value, may be empty). */
    public static Result run(Class<?> main, String agentOptions, String... args) {
        return run(main.getSimpleName(), main, agentOptions, List.of(), args);
    }

    /**
     * Runs {@code main} with {@code extraJars} appended to the class path; its dumps go to
     * target/conntrack-dumps/{@code name}, emptied first.
     */
    public static Result run(String name, Class<?> main, String agentOptions, List<Path> extraJars, String... args) {
        Path dumpDir = Paths.get("target", "conntrack-dumps", name).toAbsolutePath();
        String options = "dumpDir=" + dumpDir + (agentOptions.isEmpty() ? "" : "," + agentOptions);
        try {
            if (!extraJars.isEmpty() && Files.isDirectory(dumpDir)) {
                try (Stream<Path> old = Files.list(dumpDir)) {
                    for (Path f : old.collect(Collectors.toList())) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            Files.createDirectories(dumpDir);
            List<Path> cp = new java.util.ArrayList<>(childClassPath(extraJars));
            cp.addAll(extraJars);
            ChildJvm.Result r = ChildJvm.main(main).agentArgs(options)
                    .jvmArg("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                            "-Dcom.mchange.v2.log.MLog=com.mchange.v2.log.FallbackMLog",
                            "-Dcom.mchange.v2.log.FallbackMLog.DEFAULT_CUTOFF_LEVEL=WARNING",
                            "-Dconntrack.test.sources=" + Paths.get(System.getProperty("conntrack.test.sources", "src/test/java")).toAbsolutePath())
                    .classpath(cp)
                    .workDir(Paths.get("").toAbsolutePath())
                    .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                    .args(args)
                    .run();
            return new Result(r.exitCode, r.stdout,
                    r.stderr + (r.timedOut ? "\n" + main.getSimpleName() + " killed after " + TIMEOUT_SECONDS + "s" : ""));
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
