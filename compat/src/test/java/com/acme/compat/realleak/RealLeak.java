package com.acme.compat.realleak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Connection leaks that real libraries shipped in a release and fixed in a later one, each reachable
 * through the library's public API with the application's own pool. {@link #fixedLine} is the line of
 * the leaking release that the upstream fix changed: the line a user has to be shown.
 */
public enum RealLeak {

    /**
     * Every start of a DataSourceConnectionSource (each logback (re)configuration of a DBAppender) took
     * one connection "to discover the dialect" and dropped it; the dialect discovery that follows takes
     * (and closes) its own. Both that and every logged event get their connection through
     * {@code DataSourceConnectionSource.getConnection()}, the library's wrapper of the DataSource.
     */
    LOGBACK("logback DBAppender + DataSourceConnectionSource", List.of("logback-classic", "logback-core"),
            "qos-ch/logback PR #128 (LOGBACK-376), fixed in 1.1.0",
            "https://github.com/qos-ch/logback/pull/128",
            "ch.qos.logback.core.db.DataSourceConnectionSource.start(DataSourceConnectionSource.java:46)",
            Kind.DROPPED, Shape.WRAPPER_HELPER, "ch.qos.logback.core.db.DataSourceConnectionSource",
            LogbackScenario.class),

    /**
     * JdbcChatMemoryRepository's builder detects the SQL dialect with
     * {@code dataSource.getConnection().getMetaData()} and never closes that connection: one lost per
     * repository built. Saving and reading messages (JdbcTemplate) close theirs.
     */
    SPRING_AI_CHAT_MEMORY("Spring AI JdbcChatMemoryRepository",
            List.of("spring-ai-model-chat-memory-repository-jdbc", "spring-ai-model", "spring-ai-commons"),
            "spring-projects/spring-ai issue #3281, fixed in 1.0.1",
            "https://github.com/spring-projects/spring-ai/issues/3281",
            "org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepositoryDialect.from(JdbcChatMemoryRepositoryDialect.java:57)",
            Kind.DROPPED, Shape.DIRECT, null, SpringAiChatMemoryScenario.class),

    /**
     * SqlRunner.selectPage opened a SqlSession and never closed it (every other SqlRunner method closes
     * its own in a finally): one connection lost per page read. The connection is taken deep inside
     * MyBatis (infrastructure), so the callsite is the first MyBatis-Plus frame above it.
     */
    MYBATIS_PLUS_SQL_RUNNER("MyBatis-Plus SqlRunner",
            List.of("mybatis-plus-extension", "mybatis-plus-core", "mybatis-plus-annotation"),
            "baomidou/mybatis-plus issue #3390 (commit 6b89345), fixed in 3.4.3.1",
            "https://github.com/baomidou/mybatis-plus/issues/3390",
            "com.baomidou.mybatisplus.extension.toolkit.SqlRunner.selectPage(SqlRunner.java:211)",
            Kind.DROPPED, Shape.DIRECT, null, MybatisPlusSqlRunnerScenario.class),

    /**
     * The sql component's StreamList output takes a connection of its own (the result set outlives the
     * call) and closes it when the exchange completes; a statement without a result set (an INSERT)
     * registered nothing to close it: one connection lost per such exchange. The line is where that
     * connection is taken; the fix adds the missing close to the same method's no-result-set branch.
     */
    CAMEL_SQL("Apache Camel sql component, outputType=StreamList",
            List.of("camel-sql", "camel-api", "camel-support", "camel-core-engine"),
            "Apache Camel CAMEL-24045 (apache/camel PR #24656), fixed in 4.22.0",
            "https://issues.apache.org/jira/browse/CAMEL-24045",
            "org.apache.camel.component.sql.SqlProducer.processStreamList(SqlProducer.java:254)",
            Kind.DROPPED, Shape.DIRECT, null, CamelSqlScenario.class),

    /**
     * Every JDBCSequentialFileFactory built from a DataSource (the store of a JDBC-backed broker's paging
     * and large messages) detected the dialect with {@code investigateDialect(dataSource.getConnection())}
     * and dropped that connection. The factory's own connection (held from start to stop) is closed.
     */
    ARTEMIS_JDBC_STORE("ActiveMQ Artemis JDBC file store",
            List.of("artemis-jdbc-store", "artemis-journal", "artemis-commons"),
            "Apache ActiveMQ Artemis ARTEMIS-1806 (apache/activemq-artemis PR #2029), fixed in 2.6.0",
            "https://issues.apache.org/jira/browse/ARTEMIS-1806",
            "org.apache.activemq.artemis.jdbc.store.file.JDBCFileUtils.getDBFileDriver(JDBCFileUtils.java:48)",
            Kind.DROPPED, Shape.DIRECT, null, ArtemisJdbcStoreScenario.class),

    /**
     * Without {@code spring.jooq.sql-dialect}, Spring Boot's jOOQ auto-configuration asked
     * {@code JDBCUtils.dialect(dataSource.getConnection())} and never closed that connection: one lost per
     * jOOQ configuration built (each application context). Queries through jOOQ close theirs.
     */
    SPRING_BOOT_JOOQ_DIALECT("Spring Boot jOOQ auto-configuration (dialect detection)",
            List.of("spring-boot-autoconfigure"),
            "spring-projects/spring-boot PR #38924 (forward port #39077), fixed in 3.2.2",
            "https://github.com/spring-projects/spring-boot/pull/38924",
            "org.springframework.boot.autoconfigure.jooq.SqlDialectLookup.getDialect(SqlDialectLookup.java:50)",
            Kind.DROPPED, Shape.DIRECT, null, SpringBootJooqDialectScenario.class);

    /** Dropped: the library loses the only reference (found by GC); held: it keeps the connection, unclosed. */
    public enum Kind { DROPPED, HELD }

    /** How the leaking line hides: behind the library's own wrapper of the pool and helper, or not at all. */
    public enum Shape { WRAPPER_HELPER, HELPER, DIRECT }

    /** Leaking calls and healthy calls each scenario makes (its pool is larger than LEAKS). */
    public static final int LEAKS = 5;
    public static final int HEALTHY = 6;

    public final String library;
    public final List<String> artifacts;
    public final String upstream;
    public final String upstreamUrl;
    public final String fixedLine;
    public final Kind kind;
    public final Shape shape;
    /** The library's class that wraps the application's pool, or null. */
    public final String wrapperClass;
    public final Class<?> scenario;

    RealLeak(String library, List<String> artifacts, String upstream, String upstreamUrl, String fixedLine, Kind kind,
             Shape shape, String wrapperClass, Class<?> scenario) {
        this.library = library;
        this.artifacts = artifacts;
        this.upstream = upstream;
        this.upstreamUrl = upstreamUrl;
        this.fixedLine = fixedLine;
        this.kind = kind;
        this.shape = shape;
        this.wrapperClass = wrapperClass;
        this.scenario = scenario;
    }

    /** The leaking release (index 0) and the fixing release (index 1), from compat/pom.xml via {@code real.leaks.versions}. */
    public String version(boolean fixed) {
        for (String entry : System.getProperty("real.leaks.versions", "").split(",")) {
            String[] kv = entry.split("=");
            if (kv[0].trim().equals(name())) {
                return kv[1].split(":")[fixed ? 1 : 0].trim();
            }
        }
        throw new IllegalStateException("no versions for " + name() + " in real.leaks.versions (compat/pom.xml)");
    }

    /**
     * The jars of one release, as copied by the maven-dependency-plugin into target/real-leaks/CASE/VERSION:
     * the library's {@link #artifacts} and the dependencies it needs in that release.
     */
    public List<Path> jars(boolean fixed) {
        Path dir = Paths.get(System.getProperty("real.leaks", "target/real-leaks"), name(), version(fixed));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
            for (String a : artifacts) {
                if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith(a + "-" + version(fixed) + ".jar"))) {
                    throw new IllegalStateException("expected " + a + "-" + version(fixed) + ".jar in " + dir + ", found " + jars);
                }
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + " missing: run mvn verify (pre-integration-test copies it)", e);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    static String describeArtifacts(List<String> a) {
        return Arrays.toString(a.toArray());
    }
}
