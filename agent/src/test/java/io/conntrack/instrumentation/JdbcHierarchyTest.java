package io.conntrack.instrumentation;

import static io.conntrack.instrumentation.JdbcHierarchy.CONNECTION;
import static io.conntrack.instrumentation.JdbcHierarchy.DATASOURCE;
import static io.conntrack.instrumentation.JdbcHierarchy.DRIVER;
import static io.conntrack.instrumentation.JdbcHierarchy.NONE;
import static io.conntrack.instrumentation.JdbcHierarchy.POOLED;
import static io.conntrack.instrumentation.JdbcHierarchy.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real class files of H2, HikariCP and Tomcat JDBC, read the way the transformer sees them. */
class JdbcHierarchyTest {

    private static final String POOLABLE = "org.apache.commons.dbcp2.PoolableConnection";

    private final JdbcHierarchy hierarchy = new JdbcHierarchy();
    private final CountingLoader loader = new CountingLoader(getClass().getClassLoader());

    @Test
    void directImplementationsOfEachAdvisedType() {
        assertEquals(DRIVER, classify("org.h2.Driver"), "java.sql.Driver");
        assertEquals(CONNECTION, classify("org.h2.jdbc.JdbcConnection"), "java.sql.Connection");
        assertEquals(DATASOURCE, classify("org.h2.jdbcx.JdbcDataSource"), "javax.sql.DataSource (and XADataSource, not advised)");
        assertEquals(POOLED, classify("org.h2.jdbcx.JdbcXAConnection"), "javax.sql.XAConnection, a PooledConnection");
    }

    @Test
    void inheritedThroughSuperclassesReadAsResources() {
        // PoolableConnection extends DelegatingConnection, which implements Connection.
        assertEquals(CONNECTION, classify(POOLABLE));
        assertTrue(loader.reads.contains("org/apache/commons/dbcp2/DelegatingConnection.class"), loader.reads.toString());
        assertEquals(DATASOURCE, classify("com.zaxxer.hikari.HikariDataSource"));
    }

    @Test
    void classesThatOnlyUseJdbcAreNot() {
        assertEquals(NONE, classify("com.zaxxer.hikari.pool.HikariPool"), "uses Connection, implements none");
        assertEquals(NONE, classify("org.h2.jdbc.JdbcStatement"), "Statement is not advised");
        assertEquals(NONE, classify("org.apache.tomcat.jdbc.pool.DataSourceProxy"),
                "implements no DataSource: the transformer passes it on by its name");
    }

    @Test
    void interfacesAreNeverCandidates() {
        assertEquals(NONE, classify("com.zaxxer.hikari.HikariConfigMXBean"));
    }

    @Test
    void theJdkIsNotReadForItsOwnTypes() {
        assertEquals(NONE, classify("com.zaxxer.hikari.util.FastList")); // extends ArrayList: no resource read
        assertTrue(loader.reads.stream().noneMatch(r -> r.startsWith("java/")), loader.reads.toString());
    }

    @Test
    void aClassDeclaringNoAdvisedMethodIsNotReadFurtherWhenOnlyWeavingAsks() {
        // PoolableConnection declares close(): its supertypes are read to learn that it is a Connection.
        assertEquals(CONNECTION, hierarchy.classify(loader, bytes(POOLABLE), false));
        assertEquals(DATASOURCE, hierarchy.classify(loader, bytes("com.zaxxer.hikari.util.DriverDataSource"), false), "declares getConnection()");
        assertEquals(DRIVER, hierarchy.classify(loader, bytes("org.h2.Driver"), false), "declares connect(..)");
        loader.reads.clear();
        // HikariPool uses Connection and declares none of close, abort, connect, getConnection(): not read further.
        assertEquals(NONE, hierarchy.classify(loader, bytes("com.zaxxer.hikari.pool.PoolBase"), false));
        assertEquals(NONE, hierarchy.classify(loader, bytes("org.h2.jdbc.JdbcResultSetMetaData"), false));
        assertEquals(List.of(), loader.reads, "no supertype was read");
        // Asked to classify always (a class whose direct getConnection() calls may be marked): the full answer.
        assertEquals(NONE, hierarchy.classify(loader, bytes("com.zaxxer.hikari.pool.PoolBase"), true));
    }

    @Test
    void theConstantPoolPrefilterNeverHidesAnAdvisableMethod() throws Exception {
        int jdbc = 0;
        int skipped = 0;
        for (Class<?> inJar : new Class<?>[] {org.h2.Driver.class, com.zaxxer.hikari.HikariConfig.class,
                org.apache.commons.dbcp2.BasicDataSource.class}) {
            java.nio.file.Path jar = java.nio.file.Paths.get(inJar.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
                for (java.util.jar.JarEntry e : java.util.Collections.list(f.entries())) {
                    if (!e.getName().endsWith(".class") || e.getName().contains("module-info")) {
                        continue;
                    }
                    byte[] b = f.getInputStream(e).readAllBytes();
                    JdbcHierarchy.ClassHeader h = JdbcHierarchy.ClassHeader.parse(b);
                    boolean names = JdbcHierarchy.namesAdvisableMethod(b);
                    assertTrue(names || !h.declaresAdvisableMethod, e.getName() + " declares an advisable method the prefilter missed");
                    if (JdbcTransformer.mentionsJdbc(b)) {
                        jdbc++;
                        skipped += names ? 0 : 1;
                    }
                }
            }
        }
        assertTrue(jdbc > 200 && skipped > jdbc / 4, skipped + " of " + jdbc + " JDBC-mentioning classes skipped without a class reader");
    }

    @Test
    void declaredMethodsAreFoundPastFieldsWithAttributes() {
        // JdbcConnection has many fields (constants with ConstantValue attributes) before its methods.
        assertTrue(JdbcHierarchy.ClassHeader.parse(bytes("org.h2.jdbc.JdbcConnection")).declaresAdvisableMethod);
        assertTrue(JdbcHierarchy.ClassHeader.parse(bytes("com.zaxxer.hikari.pool.HikariProxyConnection")).declaresAdvisableMethod);
        assertFalse(JdbcHierarchy.ClassHeader.parse(bytes("org.h2.util.DateTimeUtils")).declaresAdvisableMethod);
        assertFalse(JdbcHierarchy.ClassHeader.parse(bytes("com.zaxxer.hikari.HikariConfigMXBean")).declaresAdvisableMethod, "an interface");
    }

    @Test
    void answersAreRememberedPerLoader() {
        classify(POOLABLE);
        int reads = loader.reads.size();
        classify(POOLABLE);
        assertEquals(reads, loader.reads.size(), "the supertypes were not read again");

        CountingLoader other = new CountingLoader(getClass().getClassLoader());
        assertEquals(CONNECTION, hierarchy.classify(other, bytes(POOLABLE)));
        assertTrue(other.reads.contains("org/apache/commons/dbcp2/DelegatingConnection.class"), "another loader asks its own");
    }

    @Test
    void aSupertypeWithoutClassFileIsUnknownNotNone() {
        CountingLoader blind = new CountingLoader(getClass().getClassLoader()) {
            @Override
            public InputStream getResourceAsStream(String name) {
                reads.add(name);
                return null; // as for a superclass generated at run time
            }
        };
        assertEquals(UNKNOWN, hierarchy.classify(blind, bytes(POOLABLE)));
        // A class naming Connection itself is known to be one, whatever its superclass.
        assertEquals(CONNECTION | UNKNOWN, hierarchy.classify(blind, bytes("com.zaxxer.hikari.pool.HikariProxyConnection")));
    }

    @Test
    void unreadableBytesAreUnknown() {
        assertEquals(UNKNOWN, hierarchy.classify(loader, new byte[] {1, 2, 3}));
        byte[] truncated = bytes("org.h2.Driver");
        assertEquals(UNKNOWN, hierarchy.classify(loader, java.util.Arrays.copyOf(truncated, truncated.length / 3)));
    }

    @Test
    void headerOfAClassWithLongAndDoubleConstants() {
        JdbcHierarchy.ClassHeader h = JdbcHierarchy.ClassHeader.parse(bytes("org.h2.util.DateTimeUtils"));
        assertEquals("org/h2/util/DateTimeUtils", h.name);
        assertEquals("java/lang/Object", h.superName);
        assertArrayEquals(new String[0], h.interfaces);
        assertNull(JdbcHierarchy.ClassHeader.parse(new byte[0]));
    }

    private int classify(String className) {
        return hierarchy.classify(loader, bytes(className));
    }

    private static byte[] bytes(String className) {
        try (InputStream in = JdbcHierarchyTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delegates resources to the test's loader and remembers which class files were read. */
    private static class CountingLoader extends ClassLoader {
        final List<String> reads = new ArrayList<>();

        CountingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            reads.add(name);
            return super.getResourceAsStream(name);
        }
    }
}
