package io.conntrack.tracking;

import java.util.List;

/**
 * Decides, by class name, whether a stack frame belongs to the application, to infrastructure (JDK,
 * drivers, data frameworks, the agent) or to a connection pool. The first frame that is neither
 * infrastructure nor generated code is the callsite.
 */
public final class FrameClassifier {

    public enum Kind { APP, INFRA, POOL }

    static final String[] INFRA_PREFIXES = {
        // JDK and language runtimes
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.", "kotlin.", "kotlinx.coroutines.", "scala.",
        "groovy.lang.", "org.codehaus.groovy.",
        // the agent and its shaded dependencies
        "io.conntrack.bootstrap.", "io.conntrack.instrumentation.", "io.conntrack.tracking.",
        "io.conntrack.reporting.", "io.conntrack.shaded.", "io.conntrack.AgentMain", "io.conntrack.ConnTrack",
        "net.bytebuddy.",
        // JDBC drivers
        "org.h2.", "org.postgresql.", "org.mariadb.jdbc.", "com.mysql.", "org.hsqldb.", "org.sqlite.",
        "oracle.jdbc.", "com.microsoft.sqlserver.", "net.sourceforge.jtds.", "org.apache.derby.", "com.ibm.db2.",
        "org.firebirdsql.", "com.clickhouse.", "io.r2dbc.", "org.duckdb.", "net.snowflake.",
        // data frameworks
        "org.springframework.jdbc.", "org.springframework.orm.", "org.springframework.transaction.",
        "org.springframework.dao.", "org.springframework.aop.", "org.springframework.cglib.",
        "org.springframework.data.", "org.springframework.boot.jdbc.", "org.springframework.cache.",
        "org.springframework.beans.", "org.springframework.context.", "org.springframework.core.",
        "org.hibernate.", "org.apache.ibatis.", "org.mybatis.", "org.jooq.", "org.jdbi.", "org.skife.jdbi.",
        "org.apache.commons.dbutils.", "org.eclipse.persistence.", "org.apache.openjpa.",
        "io.micrometer.", "io.opentelemetry.", "brave.", "net.ttddyy.dsproxy.", "com.p6spy.",
        "org.flywaydb.", "liquibase.", "io.quarkus.agroal.", "org.jboss.jca.", "org.apache.geronimo.",
    };

    static final String[] POOL_PREFIXES = {
        "com.zaxxer.hikari.", "org.apache.commons.dbcp", "org.apache.commons.pool2.", "org.apache.tomcat.jdbc.pool.",
        "org.apache.tomcat.dbcp.", "com.mchange.v2.", "io.agroal.", "org.vibur.dbcp.", "oracle.ucp.",
        "com.alibaba.druid.", "org.apache.ibatis.datasource.", "com.jolbox.bonecp.", "org.h2.jdbcx.JdbcConnectionPool",
    };

    private static final String[] GENERATED_MARKERS = {
        "$$Lambda", "$$EnhancerBy", "$$SpringCGLIB", "$$FastClass", "$HibernateProxy", "$ByteBuddy$",
        "$$ByteBuddy", "$Proxy", "$$_javassist", "$$_jvst", "$$Enhancer", "CGLIB$$",
    };

    private final String[] skip;
    private final String[] include;

    public FrameClassifier(List<String> skip, List<String> include) {
        this.skip = skip.toArray(new String[0]);
        this.include = include.toArray(new String[0]);
    }

    public Kind classify(String className) {
        if (startsWithAny(className, include)) {
            return Kind.APP;
        }
        if (isGenerated(className) || startsWithAny(className, skip)) {
            return Kind.INFRA;
        }
        if (startsWithAny(className, POOL_PREFIXES)) {
            return Kind.POOL;
        }
        return startsWithAny(className, INFRA_PREFIXES) ? Kind.INFRA : Kind.APP;
    }

    /** Lambdas, proxies and bytecode-generated subclasses never become callsites. */
    static boolean isGenerated(String className) {
        if (className.indexOf('/') >= 0) { // hidden classes: Foo$$Lambda/0x0000...
            return true;
        }
        for (String m : GENERATED_MARKERS) {
            if (className.contains(m)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
