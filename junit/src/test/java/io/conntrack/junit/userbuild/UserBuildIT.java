package io.conntrack.junit.userbuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.junit.userbuild.SampleProjects.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conntrack-junit in a user's Maven build (issue 26): real builds of sample projects, one per JUnit
 * version from the oldest supported to the newest, with conntrack-junit declared before and after
 * junit-jupiter, set up as docs/testing.md shows. In each, the leaking test fails naming its line, so
 * does the leaking dynamic test, the clean ones pass, and the tests run on that JUnit version alone.
 * And a project that depends on conntrack-agent gets the agent jar and nothing else.
 *
 * <p>One Maven invocation builds them all (a reactor, {@code mvn test}), with ConnTrack's artifacts
 * installed into a private local repository under target/ ({@link PrivateRepository}).
 */
class UserBuildIT {

    private static final Path DIR = Paths.get(property("userbuild.dir"));
    private static final List<String> VERSIONS = Arrays.stream(property("userbuild.junitVersions").split(","))
            .map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toList());
    private static final String VERSION = property("conntrack.version");
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private static SampleProjects projects;
    private static MavenRun build;

    @BeforeAll
    static void buildTheSamples() throws Exception {
        DocSnippets docs = DocSnippets.read(Paths.get(property("conntrack.docs")));
        assertEquals(VERSION, DocSnippets.version(docs.conntrackJunit), "the version docs/testing.md shows for conntrack-junit");
        assertEquals(property("userbuild.oldestJunit"), VERSIONS.get(0),
                "the first JUnit version tested is the one the extension is compiled against (the junit module's junit.version)");

        PrivateRepository repo = new PrivateRepository(DIR.resolve("repository"));
        repo.install("io.conntrack", "conntrack-parent", VERSION, Paths.get(property("conntrack.parent.pom")), null);
        repo.install("io.conntrack", "conntrack-junit", VERSION, Paths.get(property("conntrack.junit.pom")),
                Paths.get(property("conntrack.junit.jar")));
        Path agentJar = Paths.get(property("conntrack.agent.artifact"));
        repo.install("io.conntrack", "conntrack-agent", VERSION, Paths.get(property("conntrack.agent.pom")), agentJar);
        Path settings = repo.settings(Paths.get(property("userbuild.outerRepository")));

        SampleProjects.Libraries libraries = new SampleProjects.Libraries();
        libraries.conntrackVersion = VERSION;
        libraries.h2 = property("userbuild.h2");
        libraries.hikariCp = property("userbuild.hikaricp");
        libraries.compilerPlugin = property("userbuild.compilerPlugin");
        libraries.dependencyPlugin = property("userbuild.dependencyPlugin");
        projects = new SampleProjects(DIR.resolve("projects"), docs, libraries, agentJar, VERSIONS);
        projects.write();

        List<String> args = new ArrayList<>(Arrays.asList("-B", "-ntp", "-Dstyle.color=never", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repo.dir.toAbsolutePath(), "-fae", "-Dmaven.test.failure.ignore=true"));
        if (System.getProperty("userbuild.offline", "").equals("offline=true")) { // mvn -o
            args.add("-o"); // the outer build's repository is a file repository: offline still reads it
            args.add("-Daether.offline.protocols=file");
        }
        args.add("test");
        build = MavenRun.run(Paths.get(property("maven.home")), projects.root(), DIR.resolve("build.log"), TIMEOUT, args);
        System.out.printf("user-build: %d projects (JUnit %s, conntrack-junit first and last) and %s built in %.1f s, exit %d; "
                + "output: %s%n", projects.samples.size(), String.join(", ", VERSIONS), SampleProjects.AGENT_MODULE,
                build.took.toMillis() / 1000.0, build.exitCode, build.log);
    }

    static List<Sample> samples() {
        return SampleProjects.samples(VERSIONS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theLeakingTestsFailAtTheirLineTheCleanOnesPass(Sample sample) throws Exception {
        SurefireReport report = SurefireReport.of(projects.root().resolve(sample.module()), SampleProjects.TEST);
        assertNotNull(report, sample.module() + " ran no test (exit " + build.exitCode + "); the end of " + build.log + ":\n"
                + build.tail(60));
        String all = sample.module() + ":\n" + report;

        assertTrue(report.get("runsOnTheJUnitOfThisBuild").passed(), all);
        assertTrue(report.get("countsAndCloses").passed(), all);
        SurefireReport.Outcome leak = report.get("countsAndLeaks");
        assertEquals("failure", leak.kind, all);
        String daoLine = SampleProjects.DAO + ".countAndForgetToClose(OrderDao.java:" + projects.leakLine() + ")";
        assertTrue(leak.message.startsWith("ConnTrack: 1 connection acquired during this test was not closed: 1 "), all);
        assertTrue(leak.message.contains(" from " + daoLine + "\n"), "names " + daoLine + ": " + all);

        // dynamic tests, as Surefire names them: the factory's method and the dynamic test's index
        SurefireReport.Outcome dynamicLeak = report.get("dynamicTests()[1]");
        assertEquals("failure", dynamicLeak.kind, all);
        Matcher lambda = Pattern.compile(" from " + Pattern.quote(SampleProjects.TEST) + "\\.lambda\\$dynamicTests\\$\\d+\\(OrderDaoTest\\.java:"
                + projects.dynamicLeakLine(sample) + "\\)\n").matcher(dynamicLeak.message);
        assertTrue(lambda.find(), "names OrderDaoTest.java:" + projects.dynamicLeakLine(sample) + ": " + all);
        assertTrue(report.get("dynamicTests()[2]").passed(), all);
        assertEquals(Set.of("countsAndCloses", "countsAndLeaks", "dynamicTests()[1]", "dynamicTests()[2]", "runsOnTheJUnitOfThisBuild"),
                report.cases.keySet(), "these tests and nothing else (the factory's own failure would be one more): " + all);
    }

    @Test
    void aProjectThatDependsOnTheAgentGetsTheAgentJarAndNothingElse() throws Exception {
        Path list = projects.root().resolve(SampleProjects.AGENT_DEPENDENCIES);
        assertTrue(Files.isRegularFile(list), "no " + list + " (exit " + build.exitCode + "); the end of " + build.log + ":\n"
                + build.tail(60));
        List<String> resolved = Files.readAllLines(list).stream().map(String::trim)
                .filter(l -> l.matches("[\\w.-]+:[\\w.-]+:.*")).collect(Collectors.toList());
        assertEquals(1, resolved.size(), "a project that depends on conntrack-agent resolves: " + resolved);
        String agent = resolved.get(0);
        assertTrue(agent.startsWith("io.conntrack:conntrack-agent:jar:" + VERSION + ":compile:"), agent);
        Path jar = Paths.get(agent.substring(("io.conntrack:conntrack-agent:jar:" + VERSION + ":compile:").length()).split(" ")[0]);
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("io.conntrack.AgentMain", j.getManifest().getMainAttributes().getValue("Premain-Class"),
                    "the artifact is the agent jar: " + jar);
            assertNotNull(j.getEntry("inst/byte-buddy.jar"), "Byte Buddy is inside it: " + jar);
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isEmpty() || v.startsWith("${")) {
            throw new IllegalStateException("system property " + name + " is not set (" + v + "): run this test with the junit "
                    + "module's failsafe configuration");
        }
        return v;
    }
}
