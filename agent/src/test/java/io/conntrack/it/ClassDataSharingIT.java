package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.cds.ArchiveScenario;
import com.zaxxer.hikari.HikariConfig;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the agent, the JVM prints no warning and the application's and its libraries' classes still come
 * from a class-data sharing archive (AppCDS) or an AOT cache (JDK 25): all but the few classes the agent
 * rewrites (JDBC implementations, classes whose getConnection() calls it marks). Nothing is appended to
 * the bootstrap class path, and the agent's internals cannot be loaded by the application.
 */
class ClassDataSharingIT {

    @TempDir
    Path dir;

    @Test
    void appCdsArchiveStillServesTheApplication() throws Exception {
        List<Path> cp = jarsOnly();
        Path archive = dir.resolve("app.jsa");
        ChildJvm.main(ArchiveScenario.class).withoutAgent().classpath(cp).workDir(dir)
                .jvmArg("-XX:ArchiveClassesAtExit=" + archive).run().assertOk();
        assertTrue(Files.isRegularFile(archive), "no archive was written");
        compare(cp, "-XX:SharedArchiveFile=" + archive, "-XX:SharedArchiveFile=" + archive);
    }

    /**
     * JDK 25 AOT cache. A JVM refuses a cache trained without {@code -javaagent} when one is given (any
     * agent adds module java.instrument), so the cache is trained with the same command line as
     * production, agent included: the JVM then keeps out the classes the agent rewrote, and serves the rest.
     */
    @Test
    void aotCacheStillServesTheApplication() throws Exception {
        assumeJdk25();
        List<Path> cp = jarsOnly();
        Path plainCache = aotCache(cp, "plain", false);
        Path agentCache = aotCache(cp, "agent", true);
        compare(cp, "-XX:AOTCache=" + plainCache, "-XX:AOTCache=" + agentCache);
    }

    /**
     * An AOT cache loads the application's classes before premain, unseen by any transformer: the agent
     * finds them at premain and instruments and marks them then (none has run yet), so nothing is missed.
     */
    @Test
    void classesPreloadedFromAnAotCacheAreTrackedAndMarked() throws Exception {
        assumeJdk25();
        List<Path> cp = jarsOnly();
        Path cache = aotCache(cp, "preloaded", false, "--add-modules", "java.instrument");
        Path log = dir.resolve("preloaded.log");
        ChildJvm.Result r = ChildJvm.main(ArchiveScenario.class).classpath(cp).workDir(dir)
                .agentArgs("dumpDir=" + dir.resolve("dumps"))
                .jvmArg("-XX:AOTCache=" + cache, "-Xlog:class+load=info:file=" + log).run().assertOk();
        assertTrue(sharedApplicationClasses(log).contains(HikariConfig.class.getName()), "precondition: the cache was used");
        assertTrue(r.stdout.contains("ACQUIRED 200 MARKED 1"), r.toString());
    }

    private static void assumeJdk25() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches (JEP 483) need JDK 25; this is "
                + Runtime.version());
    }

    private Path aotCache(List<Path> cp, String name, boolean agent, String... jvmArgs) throws Exception {
        Path conf = dir.resolve(name + ".aotconf");
        Path cache = dir.resolve(name + ".aot");
        for (String[] mode : new String[][] {{"-XX:AOTMode=record"}, {"-XX:AOTMode=create", "-XX:AOTCache=" + cache}}) {
            ChildJvm c = ChildJvm.main(ArchiveScenario.class).classpath(cp).workDir(dir).jvmArg(jvmArgs)
                    .jvmArg(mode).jvmArg("-XX:AOTConfiguration=" + conf);
            (agent ? c.agentArgs("dumpDir=" + dir.resolve("dumps")) : c.withoutAgent()).run().assertOk();
        }
        assertTrue(Files.isRegularFile(cache), "no AOT cache was written");
        return cache;
    }

    private void compare(List<Path> cp, String plainArchive, String agentArchive) throws Exception {
        Path plainLog = dir.resolve("plain.log");
        Path agentLog = dir.resolve("agent.log");
        ChildJvm.Result plain = ChildJvm.main(ArchiveScenario.class).withoutAgent().classpath(cp).workDir(dir)
                .jvmArg(plainArchive, "-Xlog:class+load=info:file=" + plainLog).run().assertOk();
        ChildJvm.Result agent = ChildJvm.main(ArchiveScenario.class).classpath(cp).workDir(dir)
                .agentArgs("dumpDir=" + dir.resolve("dumps"))
                .jvmArg(agentArchive, "-Xlog:class+load=info:file=" + agentLog).run().assertOk();

        assertEquals(plain.stderr.lines().collect(Collectors.toList()),
                agent.stderr.lines().filter(l -> !l.startsWith("[conntrack] ")).collect(Collectors.toList()),
                "with the agent, the JVM printed more than the agent's own lines");
        assertTrue(agent.stdout.contains("API-ACTIVE true"), agent.toString());
        assertTrue(agent.stdout.contains("ACQUIRED 200 MARKED 1"), agent.toString());
        assertTrue(agent.stdout.contains("FRAME " + SourceLines.frame(ArchiveScenario.class, "main", "// OWN-FRAME")), agent.toString());
        for (String internal : List.of("io.conntrack.AgentRuntime", "io.conntrack.tracking.Tracker",
                "io.conntrack.shaded.net.bytebuddy.ByteBuddy", "io.conntrack.bootstrap.Bridge")) {
            assertTrue(agent.stdout.contains("HIDDEN " + internal), internal + " is loadable by the application\n" + agent);
        }
        assertTrue(agent.stdout.contains("RESOURCE null"), agent.toString());

        Set<String> sharedPlain = sharedApplicationClasses(plainLog);
        Set<String> sharedAgent = sharedApplicationClasses(agentLog);
        assertTrue(sharedPlain.contains(HikariConfig.class.getName()), "precondition: the archive serves HikariCP\n" + sharedPlain);
        assertTrue(sharedAgent.contains(HikariConfig.class.getName()), "with the agent HikariConfig no longer comes from the archive");
        Set<String> lost = sharedPlain.stream().filter(c -> !sharedAgent.contains(c)).collect(Collectors.toSet());
        // only classes the agent rewrote may load from their jars: H2's driver, data source and
        // connection, HikariCP's proxies and data source, and the scenario itself (its calls are marked)
        assertTrue(lost.size() <= 12, "classes no longer from the archive with the agent: " + lost);
        assertTrue(lost.stream().allMatch(c -> c.startsWith("org.h2.") || c.startsWith("com.zaxxer.hikari.")
                || c.equals(ArchiveScenario.class.getName())), lost.toString());
    }

    /** Non-JDK classes that the log says came from the archive ("source: shared objects file"). */
    private static Set<String> sharedApplicationClasses(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("source: shared objects file"))
                .map(l -> l.substring(l.indexOf("] ", l.indexOf("class,load")) + 2, l.indexOf(" source:")))
                .filter(c -> c.startsWith("com.zaxxer.") || c.startsWith("org.h2.") || c.startsWith("com.acme."))
                .filter(c -> c.indexOf('/') < 0) // hidden classes (lambdas) are named by address: no two runs agree
                .collect(Collectors.toSet());
    }

    /** The scenario's package as a jar, and HikariCP, H2 and SLF4J's jars: archives take jars only. */
    private List<Path> jarsOnly() throws IOException, URISyntaxException {
        Path classes = Paths.get(ArchiveScenario.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pkg = ArchiveScenario.class.getPackageName().replace('.', '/');
        Path jar = dir.resolve("scenario.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             var files = Files.list(classes.resolve(pkg))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return List.of(jar, jarOf(HikariConfig.class), jarOf(org.h2.Driver.class), jarOf(org.slf4j.LoggerFactory.class));
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
