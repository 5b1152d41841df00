package io.conntrack.junit.userbuild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A user's Maven reactor, written under a folder: for each JUnit version, one project with conntrack-junit
 * declared before junit-jupiter ({@code junit-V-first}) and one with it after ({@code junit-V-last}), each
 * with a DAO on a HikariCP pool over H2 and a test class that closes, leaks, and checks which JUnit it
 * runs on; and {@code agent-dependency}, which only depends on conntrack-agent and lists what that
 * brings. The Maven set-up of each project is docs/testing.md's ({@link DocSnippets}).
 */
final class SampleProjects {

    static final String GROUP = "com.example";
    static final String DAO = "com.example.orders.OrderDao";
    static final String TEST = "com.example.orders.OrderDaoTest";
    static final String AGENT_MODULE = "agent-dependency";
    /** Where agent-dependency's {@code dependency:list} writes. */
    static final String AGENT_DEPENDENCIES = AGENT_MODULE + "/target/dependencies.txt";
    private static final String LEAK_MARKER = "// leak-line";
    private static final String DYNAMIC_LEAK_MARKER = "// leak-line:dynamic";

    /** The versions of the libraries and plugins the samples use besides JUnit and ConnTrack. */
    static final class Libraries {
        String conntrackVersion;
        String h2;
        String hikariCp;
        String compilerPlugin;
        String dependencyPlugin;
    }

    /** One project of the reactor: a JUnit version and where conntrack-junit is declared. */
    static final class Sample {
        final String junitVersion;
        final boolean conntrackFirst;

        Sample(String junitVersion, boolean conntrackFirst) {
            this.junitVersion = junitVersion;
            this.conntrackFirst = conntrackFirst;
        }

        String module() {
            return "junit-" + junitVersion + (conntrackFirst ? "-first" : "-last");
        }

        /** JUnit 6 needs Java 17; the rest is built for Java 11, like ConnTrack. */
        String release() {
            return junitVersion.startsWith("5.") ? "11" : "17";
        }

        /** The JUnit Platform version that goes with this Jupiter version: 1.x for Jupiter 5.x, the same from 6. */
        String platformVersion() {
            return junitVersion.startsWith("5.") ? "1." + junitVersion.substring(2) : junitVersion;
        }

        @Override
        public String toString() {
            return "JUnit " + junitVersion + ", conntrack-junit declared " + (conntrackFirst ? "first" : "last");
        }
    }

    private final Path root;
    private final DocSnippets docs;
    private final Libraries libraries;
    private final Path agentJar;
    final List<Sample> samples = new ArrayList<>();

    SampleProjects(Path root, DocSnippets docs, Libraries libraries, Path agentJar, List<String> junitVersions) {
        this.root = root;
        this.docs = docs;
        this.libraries = libraries;
        this.agentJar = agentJar;
        samples.addAll(samples(junitVersions));
    }

    /** For each version, conntrack-junit declared first, then last. */
    static List<Sample> samples(List<String> junitVersions) {
        List<Sample> out = new ArrayList<>();
        for (String v : junitVersions) {
            out.add(new Sample(v, true));
            out.add(new Sample(v, false));
        }
        return out;
    }

    Path root() {
        return root;
    }

    /** Writes the reactor (anew: old outputs are removed). */
    void write() throws IOException {
        Files.createDirectories(root);
        Files.createDirectories(root.resolve(".mvn")); // the reactor's root: no .mvn/ config from folders above
        List<String> modules = new ArrayList<>();
        for (Sample s : samples) {
            modules.add(s.module());
            writeSample(s);
        }
        modules.add(AGENT_MODULE);
        writeAgentDependency();
        StringBuilder pom = new StringBuilder(header(GROUP, "user-build", "pom")).append("  <modules>\n");
        for (String m : modules) {
            pom.append("    <module>").append(m).append("</module>\n");
        }
        pom.append("  </modules>\n</project>\n");
        write(root.resolve("pom.xml"), pom.toString());
    }

    /** The line of OrderDao that acquires the connection that its leaking method never closes. */
    int leakLine() {
        return lineOf(dao(), LEAK_MARKER);
    }

    /** The line of OrderDaoTest whose dynamic test leaks. */
    int dynamicLeakLine(Sample s) {
        return lineOf(test(s), DYNAMIC_LEAK_MARKER);
    }

    private void writeSample(Sample s) throws IOException {
        Path dir = root.resolve(s.module());
        deleteRecursively(dir.resolve("target"));
        String conntrack = indent(docs.conntrackJunit, "    ");
        String junit = indent(docs.junitJupiter(s.junitVersion), "    ");
        String pom = header(GROUP, s.module(), "jar")
                + "  <properties>\n"
                + "    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>\n"
                + "    <maven.compiler.release>" + s.release() + "</maven.compiler.release>\n"
                + "  </properties>\n"
                + "  <dependencies>\n"
                + (s.conntrackFirst ? conntrack + "\n" + junit : junit + "\n" + conntrack) + "\n"
                + dependency("com.zaxxer", "HikariCP", libraries.hikariCp, "test")
                + dependency("com.h2database", "h2", libraries.h2, "test")
                + "  </dependencies>\n"
                + "  <build>\n"
                + "    <plugins>\n"
                + plugin("maven-compiler-plugin", libraries.compilerPlugin)
                + indent(docs.surefirePlugin, "      ") + "\n"
                + "    </plugins>\n"
                + "  </build>\n"
                + "</project>\n";
        write(dir.resolve("pom.xml"), pom);
        Files.createDirectories(dir.resolve("tools"));
        Files.copy(agentJar, dir.resolve("tools/conntrack-agent.jar"), StandardCopyOption.REPLACE_EXISTING);
        write(dir.resolve("src/main/java/com/example/orders/OrderDao.java"), dao());
        write(dir.resolve("src/test/java/com/example/orders/OrderDaoTest.java"), test(s));
    }

    private void writeAgentDependency() throws IOException {
        Path dir = root.resolve(AGENT_MODULE);
        deleteRecursively(dir.resolve("target"));
        String pom = header(GROUP, AGENT_MODULE, "pom")
                + "  <dependencies>\n"
                + dependency("io.conntrack", "conntrack-agent", libraries.conntrackVersion, null)
                + "  </dependencies>\n"
                + "  <build>\n"
                + "    <plugins>\n"
                + "      <plugin>\n"
                + "        <groupId>org.apache.maven.plugins</groupId>\n"
                + "        <artifactId>maven-dependency-plugin</artifactId>\n"
                + "        <version>" + libraries.dependencyPlugin + "</version>\n"
                + "        <executions>\n"
                + "          <execution>\n"
                + "            <phase>validate</phase>\n"
                + "            <goals><goal>list</goal></goals>\n"
                + "            <configuration>\n"
                + "              <outputFile>${project.build.directory}/dependencies.txt</outputFile>\n"
                + "              <outputAbsoluteArtifactFilename>true</outputAbsoluteArtifactFilename>\n"
                + "            </configuration>\n"
                + "          </execution>\n"
                + "        </executions>\n"
                + "      </plugin>\n"
                + "    </plugins>\n"
                + "  </build>\n"
                + "</project>\n";
        write(dir.resolve("pom.xml"), pom);
    }

    private static String dao() {
        return "package com.example.orders;\n"
                + "\n"
                + "import java.sql.Connection;\n"
                + "import java.sql.ResultSet;\n"
                + "import java.sql.SQLException;\n"
                + "import java.sql.Statement;\n"
                + "import javax.sql.DataSource;\n"
                + "\n"
                + "public class OrderDao {\n"
                + "    private final DataSource dataSource;\n"
                + "\n"
                + "    public OrderDao(DataSource dataSource) {\n"
                + "        this.dataSource = dataSource;\n"
                + "    }\n"
                + "\n"
                + "    public int count() throws SQLException {\n"
                + "        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();\n"
                + "                ResultSet r = s.executeQuery(\"select count(*) from orders\")) {\n"
                + "            r.next();\n"
                + "            return r.getInt(1);\n"
                + "        }\n"
                + "    }\n"
                + "\n"
                + "    public int countAndForgetToClose() throws SQLException {\n"
                + "        Connection c = dataSource.getConnection(); " + LEAK_MARKER + "\n"
                + "        ResultSet r = c.createStatement().executeQuery(\"select count(*) from orders\");\n"
                + "        r.next();\n"
                + "        return r.getInt(1);\n"
                + "    }\n"
                + "}\n";
    }

    /**
     * The test class: one test closes, one leaks (through the DAO), a factory's first dynamic test leaks
     * and its second closes, and one test checks that every JUnit artifact it runs on is of this build's
     * version (a mix is what issue 26 was).
     */
    private static String test(Sample s) {
        return "package com.example.orders;\n"
                + "\n"
                + "import static org.junit.jupiter.api.Assertions.assertEquals;\n"
                + "import static org.junit.jupiter.api.DynamicTest.dynamicTest;\n"
                + "\n"
                + "import com.zaxxer.hikari.HikariConfig;\n"
                + "import com.zaxxer.hikari.HikariDataSource;\n"
                + "import java.sql.Connection;\n"
                + "import java.util.ArrayList;\n"
                + "import java.util.List;\n"
                + "import java.util.stream.Stream;\n"
                + "import org.junit.jupiter.api.AfterAll;\n"
                + "import org.junit.jupiter.api.BeforeAll;\n"
                + "import org.junit.jupiter.api.DynamicTest;\n"
                + "import org.junit.jupiter.api.Test;\n"
                + "import org.junit.jupiter.api.TestFactory;\n"
                + "\n"
                + "class OrderDaoTest {\n"
                + "    static HikariDataSource pool;\n"
                + "    static final List<Connection> kept = new ArrayList<>();\n"
                + "\n"
                + "    @BeforeAll\n"
                + "    static void startPool() throws Exception {\n"
                + "        HikariConfig config = new HikariConfig();\n"
                + "        config.setJdbcUrl(\"jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1\");\n"
                + "        config.setMaximumPoolSize(4);\n"
                + "        pool = new HikariDataSource(config);\n"
                + "        try (Connection c = pool.getConnection()) {\n"
                + "            c.createStatement().execute(\"create table orders(id int)\");\n"
                + "        }\n"
                + "    }\n"
                + "\n"
                + "    @AfterAll\n"
                + "    static void closePool() {\n"
                + "        pool.close();\n"
                + "    }\n"
                + "\n"
                + "    @Test\n"
                + "    void countsAndCloses() throws Exception {\n"
                + "        assertEquals(0, new OrderDao(pool).count());\n"
                + "    }\n"
                + "\n"
                + "    @Test\n"
                + "    void countsAndLeaks() throws Exception {\n"
                + "        assertEquals(0, new OrderDao(pool).countAndForgetToClose());\n"
                + "    }\n"
                + "\n"
                + "    @TestFactory\n"
                + "    Stream<DynamicTest> dynamicTests() {\n"
                + "        return Stream.of(\n"
                + "                dynamicTest(\"leaks\", () -> kept.add(pool.getConnection())), " + DYNAMIC_LEAK_MARKER + "\n"
                + "                dynamicTest(\"closes\", () -> pool.getConnection().close()));\n"
                + "    }\n"
                + "\n"
                + "    @Test\n"
                + "    void runsOnTheJUnitOfThisBuild() throws Exception {\n"
                + "        String jupiter = \"" + s.junitVersion + "\";\n"
                + "        String platform = \"" + s.platformVersion() + "\";\n"
                + "        StringBuilder found = new StringBuilder();\n"
                + "        found.append(version(\"org.junit.jupiter.api.Test\")).append(' ')\n"
                + "                .append(version(\"org.junit.jupiter.engine.JupiterTestEngine\")).append(' ')\n"
                + "                .append(version(\"org.junit.platform.commons.support.AnnotationSupport\")).append(' ')\n"
                + "                .append(version(\"org.junit.platform.engine.TestEngine\")).append(' ')\n"
                + "                .append(version(\"org.junit.platform.launcher.Launcher\"));\n"
                + "        assertEquals(jupiter + ' ' + jupiter + ' ' + platform + ' ' + platform + ' ' + platform, found.toString(),\n"
                + "                \"Jupiter API, Jupiter engine, Platform commons, engine, launcher\");\n"
                + "    }\n"
                + "\n"
                + "    private static String version(String type) throws ClassNotFoundException {\n"
                + "        return Class.forName(type).getPackage().getImplementationVersion();\n"
                + "    }\n"
                + "}\n";
    }

    private static String header(String group, String artifact, String packaging) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"\n"
                + "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                + "         xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>" + group + "</groupId>\n"
                + "  <artifactId>" + artifact + "</artifactId>\n"
                + "  <version>1.0</version>\n"
                + "  <packaging>" + packaging + "</packaging>\n";
    }

    private static String dependency(String group, String artifact, String version, String scope) {
        return "    <dependency>\n"
                + "      <groupId>" + group + "</groupId>\n"
                + "      <artifactId>" + artifact + "</artifactId>\n"
                + "      <version>" + version + "</version>\n"
                + (scope == null ? "" : "      <scope>" + scope + "</scope>\n")
                + "    </dependency>\n";
    }

    private static String plugin(String artifact, String version) {
        return "      <plugin>\n"
                + "        <groupId>org.apache.maven.plugins</groupId>\n"
                + "        <artifactId>" + artifact + "</artifactId>\n"
                + "        <version>" + version + "</version>\n"
                + "      </plugin>\n";
    }

    private static String indent(String block, String prefix) {
        StringBuilder b = new StringBuilder();
        for (String line : block.strip().split("\n", -1)) {
            b.append(b.length() == 0 ? "" : "\n").append(line.isEmpty() ? "" : prefix + line);
        }
        return b.toString();
    }

    private static int lineOf(String source, String marker) {
        String[] lines = source.split("\n", -1);
        int found = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith(marker)) {
                if (found != -1) {
                    throw new IllegalStateException("two lines end with " + marker);
                }
                found = i + 1;
            }
        }
        if (found == -1) {
            throw new IllegalStateException("no line ends with " + marker);
        }
        return found;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
