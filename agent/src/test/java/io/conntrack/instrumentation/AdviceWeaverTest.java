package io.conntrack.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.bootstrap.Hooks;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real H2 and HikariCP classes, woven by the transformer's ASM path and loaded (so verified) in a
 * child-first class loader, then run: the Bridge sees what the application does, and the
 * application sees exactly what it would without the agent.
 */
class AdviceWeaverTest {

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> instrumented = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private WovenLoader loader;

    @BeforeEach
    void install() {
        Bridge.install(new RecordingHooks());
        JdbcTransformer transformer = new JdbcTransformer(null, line -> {
            (line.startsWith("instrumented ") ? instrumented : problems).add(line);
        }, true, null, null);
        loader = new WovenLoader(transformer);
    }

    @AfterEach
    void uninstall() {
        Bridge.uninstall();
    }

    @Test
    void driverConnectAndConnectionClose() throws Exception {
        Object driver = loader.loadClass("org.h2.Driver").getConstructor().newInstance();
        Method connect = driver.getClass().getMethod("connect", String.class, Properties.class);
        Connection c = (Connection) connect.invoke(driver, "jdbc:h2:mem:weaver1", new Properties());
        assertEquals(List.of("enter org.h2.Driver", "exit 1 " + id(c) + " null"), events);
        assertEquals(loader, c.getClass().getClassLoader(), "the H2 connection was loaded by the woven loader");
        c.close();
        assertEquals("closed " + id(c), events.get(2));
        assertTrue(instrumented.containsAll(List.of("instrumented org.h2.Driver", "instrumented org.h2.jdbc.JdbcConnection")),
                instrumented.toString());
        assertEquals(List.of(), problems);
    }

    @Test
    void aDriverThatDeclinesTheUrlReturnsNullAsBefore() throws Exception {
        Object driver = loader.loadClass("org.h2.Driver").getConstructor().newInstance();
        Object c = driver.getClass().getMethod("connect", String.class, Properties.class)
                .invoke(driver, "jdbc:postgresql://nowhere/db", new Properties());
        assertNull(c);
        assertEquals(List.of("enter org.h2.Driver", "exit 1 null null"), events);
    }

    @Test
    void theApplicationGetsTheSameExceptionAndTheBridgeSeesIt() throws Exception {
        DataSource ds = (DataSource) loader.loadClass("org.h2.jdbcx.JdbcDataSource").getConstructor().newInstance();
        ds.getClass().getMethod("setURL", String.class).invoke(ds, "jdbc:h2:mem:weaver2;NO_SUCH_SETTING=1");
        SQLException e = assertThrows(SQLException.class, ds::getConnection);
        assertTrue(e.getMessage().contains("NO_SUCH_SETTING"), e.getMessage());
        assertEquals("enter org.h2.jdbcx.JdbcDataSource", events.get(0));
        // The DataSource's own exit comes last, with the exception the application got.
        assertEquals("exit 2 null " + e.getClass().getName(), events.get(events.size() - 1));
    }

    @Test
    void aPoolOverTheDriverWithBothLevelsWoven() throws Exception {
        Class<?> configType = loader.loadClass("com.zaxxer.hikari.HikariConfig");
        Object config = configType.getConstructor().newInstance();
        configType.getMethod("setJdbcUrl", String.class).invoke(config, "jdbc:h2:mem:weaver3;DB_CLOSE_DELAY=-1");
        configType.getMethod("setMaximumPoolSize", int.class).invoke(config, 2);
        // DriverManager would hand out the H2 driver of the test's loader; this one is woven.
        configType.getMethod("setDriverClassName", String.class).invoke(config, "org.h2.Driver");
        DataSource pool = (DataSource) loader.loadClass("com.zaxxer.hikari.HikariDataSource")
                .getConstructor(configType).newInstance(config);
        try {
            events.clear();
            Connection c = pool.getConnection();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            assertTrue(events.contains("enter com.zaxxer.hikari.HikariDataSource"), events.toString());
            assertTrue(events.contains("exit 2 " + id(c) + " null"), events.toString());
            c.close();
            assertTrue(events.contains("closed " + id(c)), "the pool's proxy close: " + events);
        } finally {
            ((AutoCloseable) pool).close();
        }
        assertTrue(instrumented.contains("instrumented com.zaxxer.hikari.pool.HikariProxyConnection"), instrumented.toString());
        assertTrue(instrumented.contains("instrumented com.zaxxer.hikari.HikariDataSource"), instrumented.toString());
        assertEquals(List.of(), problems);
    }

    @Test
    void loopAtOffsetZeroLongAndDoubleLocalsAndAThrowingBody() throws Exception {
        DataSource ds = (DataSource) loader.loadClass("com.acme.woven.RetryingDataSource").getConstructor().newInstance();
        Connection c = ds.getConnection();
        assertEquals(List.of("enter com.acme.woven.RetryingDataSource", "exit 2 " + id(c) + " null"), events);

        events.clear();
        Connection d = ds.getConnection("user", "secret");
        assertEquals("exit 2 " + id(d) + " null", events.get(1));

        events.clear();
        SQLException e = assertThrows(SQLException.class, () -> ds.getConnection(null, "secret"));
        assertEquals("no user", e.getMessage());
        assertEquals(List.of("enter com.acme.woven.RetryingDataSource", "exit 2 null java.sql.SQLException"), events);
        assertTrue(instrumented.contains("instrumented com.acme.woven.RetryingDataSource"), instrumented.toString());
        assertEquals(List.of(), problems);
    }

    @Test
    void aStaticGetterOfAClassNamedLikeADataSource() throws Exception {
        Connection c = (Connection) loader.loadClass("com.acme.woven.StaticDataSource").getMethod("getConnection").invoke(null);
        assertEquals(List.of("enter static", "exit 2 " + id(c) + " null"), events);
    }

    @Test
    void onlyAdvisedMethodsChange() throws IOException {
        byte[] statement = WovenLoader.bytes("org.h2.jdbc.JdbcStatement");
        assertNull(AdviceWeaver.weave(statement, JdbcHierarchy.NONE, false), "nothing advised, nothing woven");
        byte[] proxy = WovenLoader.bytes("org.apache.tomcat.jdbc.pool.DataSourceProxy");
        assertNotNull(AdviceWeaver.weave(proxy, JdbcHierarchy.NONE, true), "named like a DataSource, declares the getter");
        assertNull(AdviceWeaver.weave(WovenLoader.bytes("com.zaxxer.hikari.HikariConfigMXBean"), JdbcHierarchy.DATASOURCE, true),
                "interfaces are never woven");
    }

    @Test
    void adviceForMirrorsTheMatchers() {
        int pub = java.lang.reflect.Modifier.PUBLIC;
        assertEquals(Bridge.KIND_DRIVER, AdviceWeaver.adviceFor(JdbcHierarchy.DRIVER, pub, "connect",
                "(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;"));
        assertEquals(Bridge.KIND_DATASOURCE, AdviceWeaver.adviceFor(JdbcHierarchy.DATASOURCE, pub, "getConnection",
                "(Ljava/lang/String;Ljava/lang/String;)Ljava/sql/Connection;"));
        assertEquals(0, AdviceWeaver.adviceFor(JdbcHierarchy.DATASOURCE, pub, "getConnection",
                "(Ljava/lang/String;)Ljava/sql/Connection;"));
        assertEquals(Bridge.KIND_POOLED, AdviceWeaver.adviceFor(JdbcHierarchy.POOLED, pub, "getConnection", "()Ljava/sql/Connection;"));
        assertEquals(-1, AdviceWeaver.adviceFor(JdbcHierarchy.CONNECTION, pub, "abort", "(Ljava/util/concurrent/Executor;)V"));
        assertEquals(0, AdviceWeaver.adviceFor(JdbcHierarchy.CONNECTION, pub | java.lang.reflect.Modifier.ABSTRACT, "close", "()V"));
        assertEquals(0, AdviceWeaver.adviceFor(JdbcHierarchy.CONNECTION, pub | java.lang.reflect.Modifier.STATIC, "close", "()V"));
        assertEquals(0, AdviceWeaver.adviceFor(JdbcHierarchy.DRIVER, pub, "close", "()V"), "close only on connections");
    }

    private static String id(Object o) {
        return o == null ? "null" : o.getClass().getName() + "@" + System.identityHashCode(o);
    }

    private final class RecordingHooks implements Hooks {
        @Override
        public long acquireEnter(Object source) {
            events.add("enter " + (source == null ? "static" : source.getClass().getName()));
            return 1;
        }

        @Override
        public void acquireExit(long token, int kind, Object connection, Throwable thrown) {
            events.add("exit " + kind + " " + id(connection) + " " + (thrown == null ? "null" : thrown.getClass().getName()));
        }

        @Override
        public void closed(Object connection) {
            events.add("closed " + id(connection));
        }

        @Override
        public void markSite(Object source, int siteId) {
        }

        @Override
        public void unmarkSite() {
        }
    }

    /** Child-first for H2 and HikariCP: their classes go through the transformer, as under the agent. */
    private static final class WovenLoader extends ClassLoader {
        private final JdbcTransformer transformer;

        WovenLoader(JdbcTransformer transformer) {
            super(AdviceWeaverTest.class.getClassLoader());
            this.transformer = transformer;
        }

        static byte[] bytes(String className) throws IOException {
            try (InputStream in = AdviceWeaverTest.class.getClassLoader()
                    .getResourceAsStream(className.replace('.', '/') + ".class")) {
                return in.readAllBytes();
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.h2.") && !name.startsWith("com.zaxxer.hikari.") && !name.startsWith("com.acme.woven.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        byte[] b = bytes(name);
                        byte[] woven = transformer.transform(null, this, name.replace('.', '/'), null, null, b);
                        byte[] def = woven != null ? woven : b;
                        c = defineClass(name, def, 0, def.length);
                    } catch (IOException | RuntimeException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }
}
