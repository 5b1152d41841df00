package io.conntrack.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The byte scan every loaded class passes: a skipping search, the same answer as looking for both names. */
class JdbcTransformerScanTest {

    private static final byte[] JAVA_SQL = "java/sql/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JAVAX_SQL = "javax/sql/".getBytes(StandardCharsets.US_ASCII);

    @Test
    void findsBothPackagesAnywhere() {
        for (String s : new String[] {"java/sql/", "Ljava/sql/Connection;", "xxjavax/sql/DataSource", "()Ljavax/sql/PooledConnection;"}) {
            assertTrue(JdbcTransformer.mentionsJdbc(bytes(s)), s);
        }
        for (String s : new String[] {"", "sql/", "/sql/", "ava/sql/", "java/sqlx", "jav/sql/", "javaz/sql/", "com/mysql/Foo",
            "javax/sq/", "java/Sql/", "javaxx/sql/"}) {
            assertFalse(JdbcTransformer.mentionsJdbc(bytes(s)), s);
        }
    }

    @Test
    void findsTheNameAtEveryOffsetUpToTheLastByte() {
        for (String name : new String[] {"java/sql/", "javax/sql/"}) {
            for (int pad = 0; pad < 12; pad++) {
                byte[] b = ("x".repeat(pad) + name).getBytes(StandardCharsets.US_ASCII);
                assertTrue(JdbcTransformer.mentionsJdbc(b), pad + " bytes before " + name);
                assertFalse(JdbcTransformer.mentionsJdbc(java.util.Arrays.copyOf(b, b.length - 1)), "cut short after " + pad);
            }
        }
    }

    @Test
    void agreesWithTheTwoNeedleSearchOnRealClassFiles() throws Exception {
        int classes = 0;
        int jdbc = 0;
        for (Class<?> inJar : new Class<?>[] {org.h2.Driver.class, com.zaxxer.hikari.HikariConfig.class, org.junit.jupiter.api.Test.class}) {
            Path jar = Paths.get(inJar.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile f = new JarFile(jar.toFile())) {
                for (JarEntry e : Collections.list(f.entries())) {
                    if (!e.getName().endsWith(".class")) {
                        continue;
                    }
                    byte[] b = f.getInputStream(e).readAllBytes();
                    boolean expected = JdbcTransformer.contains(b, JAVA_SQL) || JdbcTransformer.contains(b, JAVAX_SQL);
                    assertEquals(expected, JdbcTransformer.mentionsJdbc(b), e.getName());
                    classes++;
                    jdbc += expected ? 1 : 0;
                }
            }
        }
        assertTrue(classes > 1000 && jdbc > 100, classes + " classes, " + jdbc + " mention JDBC");
    }

    private static byte[] bytes(String s) {
        return ("\u0001\u0000" + s + "\u0000\u0001").getBytes(StandardCharsets.ISO_8859_1);
    }
}
