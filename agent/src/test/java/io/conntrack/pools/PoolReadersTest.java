package io.conntrack.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.conntrack.tracking.FrameClassifier;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.junit.jupiter.api.Test;

/** Each reader against a real pool, in this JVM (no agent): its numbers are the pool's own. */
class PoolReadersTest {

    private static final String URL = "jdbc:h2:mem:readers;DB_CLOSE_DELAY=-1";

    private static PoolState read(PoolReader r, Object pool) throws Exception {
        assertTrue(r.accepts(pool.getClass()));
        PoolState s = new PoolState();
        r.read(pool, s);
        return s;
    }

    @Test
    void hikari() throws Exception {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(URL);
        c.setPoolName("readers-hikari");
        c.setMaximumPoolSize(5);
        c.setMinimumIdle(2);
        c.setConnectionTimeout(1234);
        c.setLeakDetectionThreshold(60_000);
        try (HikariDataSource ds = new HikariDataSource(c); Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            PoolState s = read(new HikariPoolReader(), ds);
            assertEquals("readers-hikari", s.name);
            assertEquals(5, s.maxSize);
            assertEquals(2, s.active);
            assertEquals(ds.getHikariPoolMXBean().getIdleConnections(), s.idle);
            assertEquals(0, s.waiting);
            assertEquals(1234, s.connectionTimeoutMillis);
            assertEquals(60_000, s.leakDetectionThresholdMillis);
            assertNull(s.readError);
        }
    }

    @Test
    void dbcp2() throws Exception {
        BasicDataSource ds = new BasicDataSource();
        ds.setUrl(URL);
        ds.setMaxTotal(6);
        try (Connection a = ds.getConnection()) {
            PoolState s = read(new Dbcp2PoolReader(), ds);
            assertEquals(6, s.maxSize);
            assertEquals(1, s.active);
            assertEquals(ds.getNumIdle(), s.idle);
            assertEquals(-1, s.waiting);
        } finally {
            ds.close();
        }
        PoolState closed = read(new Dbcp2PoolReader(), ds);
        assertEquals("pool closed", closed.readError);
    }

    @Test
    void tomcat() throws Exception {
        PoolProperties p = new PoolProperties();
        p.setUrl(URL);
        p.setDriverClassName("org.h2.Driver");
        p.setName("readers-tomcat");
        p.setMaxActive(7);
        p.setInitialSize(1);
        p.setMaxWait(2000);
        org.apache.tomcat.jdbc.pool.DataSource ds = new org.apache.tomcat.jdbc.pool.DataSource(p);
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            PoolState s = read(new TomcatPoolReader(), ds);
            assertEquals("readers-tomcat", s.name);
            assertEquals(7, s.maxSize);
            assertEquals(2, s.active);
            assertEquals(ds.getIdle(), s.idle);
            assertEquals(0, s.waiting);
            assertEquals(2000, s.connectionTimeoutMillis);
        } finally {
            ds.close(true);
        }
    }

    @Test
    void aDataSourceThatIsNoPoolGetsTheGenericReaderAndNoNumbers() throws Exception {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        PoolState s = read(new GenericPoolReader(), ds);
        assertEquals(-1, s.maxSize);
        assertEquals(-1, s.active);
    }

    @Test
    void aReaderThatFailsIsTurnedOffWithOneLineAndThePoolKeepsConnTracksNumbers() {
        List<String> log = new ArrayList<>();
        PoolRegistry registry = new PoolRegistry();
        PoolReader broken = new PoolReader() {
            @Override
            String type() {
                return "broken";
            }

            @Override
            boolean accepts(Class<?> c) {
                return c == BrokenPool.class;
            }

            @Override
            void read(Object pool, PoolState s) throws Exception {
                s.maxSize = 3;
                call(pool, "getNoSuchThing");
            }
        };
        PoolWatch watch = new PoolWatch(registry, List::of, List::of, new FrameClassifier(List.of(), List.of()), log::add,
                List.of(broken, new GenericPoolReader()));
        List<Object> keep = List.of(new BrokenPool(), new BrokenPool(), new com.acme.pools.HostilePools.HealthyPool("generic"));
        for (Object o : keep) {
            registry.idOf(o);
        }
        List<PoolState> states = watch.states();
        assertEquals(3, states.size());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("reading broken pools (" + BrokenPool.class.getName() + ") failed and is now off"), log.get(0));
        assertTrue(states.get(0).readError.startsWith("the broken reader is off: java.lang.NoSuchMethodException"), states.get(0).readError);
        assertEquals(-1, states.get(0).maxSize, "nothing half-read");
        assertTrue(states.get(1).readError.startsWith("the broken reader is off after an earlier failure"), states.get(1).readError);
        assertEquals("other", states.get(2).type);
        assertNull(states.get(2).readError);
        assertEquals(3, watch.states().size());
        assertEquals(1, log.size(), "said once");
    }

    public static class BrokenPool {
    }
}
