package io.conntrack.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.tracking.Jdbc;
import com.zaxxer.hikari.HikariDataSource;
import io.conntrack.config.ConfigParser;
import io.conntrack.tracking.Clock;
import io.conntrack.tracking.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pools are pools: a library's connection source over the application's HikariCP (one per
 * reconfiguration) counts for HikariCP; neither it nor a DataSource that pools nothing is listed.
 */
class WrapperPoolsTest {

    private final List<String> log = new ArrayList<>();
    private final PoolRegistry registry = new PoolRegistry();
    private final Tracker tracker;
    private final PoolWatch watch;

    WrapperPoolsTest() throws Exception {
        tracker = new Tracker(ConfigParser.parse("", new Properties()), log::add, registry, Clock.SYSTEM);
        watch = new PoolWatch(registry, tracker::openRecordsUnsorted, tracker::callsites, tracker.classifier(), log::add);
        tracker.addListener(watch);
    }

    /** A library's connection source: hands on what the application's DataSource gives; no pool getters. */
    public static final class ConnectionSource {
    }

    /** A DataSource that opens a new physical connection each time (H2's JdbcDataSource, a driver's): no pool getters. */
    public static final class PlainDataSource {
    }

    @Test
    void aWrapperCountsForThePoolUnderItAndIsNotListed() throws Exception {
        try (HikariDataSource hikari = new HikariDataSource()) { // not started: the reader says so, its class says pool
            for (int i = 0; i < 3; i++) { // three reconfigurations, three connection sources over one pool
                ConnectionSource source = new ConnectionSource();
                Jdbc.through(tracker, source, hikari); // dropped: a leak
                tracker.closed(Jdbc.through(tracker, source, hikari));
                tracker.closed(Jdbc.through(tracker, source, hikari));
            }
            awaitLeaks(3);
            List<PoolState> pools = watch.states();
            assertEquals(List.of("com.zaxxer.hikari.HikariDataSource"), pools.stream().map(p -> p.className).collect(Collectors.toList()),
                    "the connection sources are not pools");
            PoolState p = pools.get(0);
            assertEquals("hikari", p.type);
            assertEquals(3, p.lost, "the pool under them lost the connections");
            assertEquals(9, registry.entry(p.id).acquired.sum(), "its demand counts every acquisition through them");
            assertTrue(p.advice.get(0).startsWith("leak at " + com.acme.tracking.Jdbc.class.getName() + ".through("), p.advice.toString());
        }
    }

    @Test
    void aDataSourceThatPoolsNothingIsNotListed() throws Exception {
        PlainDataSource plain = new PlainDataSource();
        tracker.closed(Jdbc.from(tracker, plain));
        Jdbc.from(tracker, plain); // a leak, counted for the application, for no pool
        awaitLeaks(1);
        assertEquals(List.of(), watch.states());
        assertEquals(1, tracker.applicationLeaked());
    }

    private void awaitLeaks(long n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tracker.applicationLeaked() < n && System.nanoTime() < deadline) {
            System.gc();
            tracker.housekeeper().processCollected(20);
        }
        assertEquals(n, tracker.applicationLeaked());
    }
}
