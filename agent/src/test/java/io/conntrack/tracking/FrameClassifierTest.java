package io.conntrack.tracking;

import static io.conntrack.tracking.FrameClassifier.Kind.INFRA;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameClassifierTest {

    private static final FrameClassifier DEFAULT = new FrameClassifier(Collections.emptyList(), Collections.emptyList());

    @ParameterizedTest
    @CsvSource({
        "com.acme.OrderDao, APP",
        "org.acme.Main, APP",
        "javax2.Foo, APP",
        "io.conntrack.example.App, APP",
        "java.sql.DriverManager, INFRA",
        "javax.sql.DataSource, INFRA",
        "jdk.internal.reflect.DirectMethodHandleAccessor, INFRA",
        "sun.reflect.Foo, INFRA",
        "kotlin.collections.X, INFRA",
        "org.h2.jdbc.JdbcConnection, INFRA",
        "org.springframework.jdbc.core.JdbcTemplate, INFRA",
        "org.hibernate.internal.SessionImpl, INFRA",
        "io.conntrack.tracking.Tracker, INFRA",
        "io.conntrack.ConnTrack, INFRA",
        "io.conntrack.shaded.net.bytebuddy.X, INFRA",
        "com.zaxxer.hikari.pool.PoolBase, POOL",
        "org.apache.commons.dbcp2.BasicDataSource, POOL",
        "org.apache.commons.pool2.impl.GenericObjectPool, POOL",
        "org.apache.tomcat.jdbc.pool.ConnectionPool, POOL",
        "org.h2.jdbcx.JdbcConnectionPool, POOL",
        "com.mchange.v2.c3p0.ComboPooledDataSource, POOL",
    })
    void defaults(String className, FrameClassifier.Kind kind) {
        assertEquals(kind, DEFAULT.classify(className));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "com.acme.Service$$Lambda$14/0x0000000800c0b000",
        "com.acme.Service$$Lambda/0x0000000800c0b000",
        "jdk.proxy2.$Proxy12",
        "com.sun.proxy.$Proxy3",
        "com.acme.$Proxy7",
        "com.acme.Service$$SpringCGLIB$$0",
        "com.acme.Service$$EnhancerBySpringCGLIB$$1a2b",
        "com.acme.Order$HibernateProxy$Xy",
        "com.acme.Service$ByteBuddy$Mock",
        "com.acme.Entity_$$_javassist_3",
    })
    void generatedClassesAreNeverTheCallsite(String className) {
        assertEquals(INFRA, DEFAULT.classify(className));
    }

    @ParameterizedTest
    @CsvSource({
        "com.acme.dao.OrderDao, INFRA",
        "com.acme.dao.special.AuditDao, APP",
        "com.acme.web.Controller, APP",
        "org.h2.tools.Custom, APP",
        "org.h2.jdbc.JdbcConnection, INFRA",
        "com.zaxxer.hikari.HikariDataSource, INFRA",
    })
    void skipAndInclude(String className, FrameClassifier.Kind kind) {
        FrameClassifier c = new FrameClassifier(Arrays.asList("com.acme.dao.", "com.zaxxer."),
                Arrays.asList("com.acme.dao.special.", "org.h2.tools."));
        assertEquals(kind, c.classify(className));
    }

    /**
     * Generated classes are checked before callsite.include: including the application's own package
     * must not turn its CGLIB subclasses and JDK proxies (which live in the interface's package when it
     * is not public) into callsites.
     */
    @ParameterizedTest
    @ValueSource(strings = {"com.acme.Service$$SpringCGLIB$$0", "com.acme.$Proxy7"})
    void generatedClassesStayInfrastructureEvenWhenTheirPackageIsIncluded(String className) {
        List<String> include = Collections.singletonList("com.acme.");
        assertEquals(INFRA, new FrameClassifier(Collections.emptyList(), include).classify(className));
    }
}
