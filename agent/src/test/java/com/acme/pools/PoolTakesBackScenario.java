package com.acme.pools;

import com.acme.scenarios.Agent;
import com.acme.scenarios.Pools;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * A pool takes connections back without the application closing them: HikariCP's
 * {@code evictConnection(connection)} and DBCP2's {@code invalidateConnection(connection)} close the
 * physical connection under the application's proxy. Of two such connections per pool, the application
 * closes one afterwards anyway and drops the other (the GC then collects its proxy). Another connection
 * stays held. Prints a snapshot once the taken-back ones are no longer open (or after 10 s), and
 * another after the dropped proxies were collected.
 */
public final class PoolTakesBackScenario {

    public static void main(String[] args) throws Exception {
        HikariDataSource hikari = Pools.hikari("takeback-hikari", 4);
        BasicDataSource dbcp2 = new BasicDataSource();
        dbcp2.setUrl(Pools.h2Url("takeback-dbcp2"));
        dbcp2.setMaxTotal(4);

        Connection heldHikari = hikari.getConnection(); // HIKARI-HELD
        Connection heldDbcp2 = dbcp2.getConnection(); // DBCP2-HELD
        AtomicReference<Connection> droppedHikari = new AtomicReference<>();
        AtomicReference<Connection> droppedDbcp2 = new AtomicReference<>();

        Connection evicted = evictedThenClosed(hikari);
        droppedHikari.set(evictedThenDropped(hikari));
        Connection invalidated = invalidatedThenClosed(dbcp2);
        droppedDbcp2.set(invalidatedThenDropped(dbcp2));

        // The dropped ones are dropped once ConnTrack saw their pool take them back: a proxy the GC takes
        // before the monitor's next round (100 ms) sees its physical connection closed counts as a leak.
        awaitOpen(4); // evicted/invalidated ones ended, the two held ones still open
        droppedHikari.set(null);
        droppedDbcp2.set(null);
        System.out.println("TAKEN-BACK");
        Agent.printSnapshot();
        evicted.close();
        invalidated.close();
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Agent.printSnapshot();
        heldHikari.close();
        heldDbcp2.close();
        hikari.close();
        dbcp2.close();
    }

    static Connection evictedThenClosed(HikariDataSource ds) throws SQLException {
        Connection c = ds.getConnection(); // HIKARI-EVICTED-CLOSED
        c.isValid(1);
        ds.evictConnection(c);
        return c;
    }

    static Connection evictedThenDropped(HikariDataSource ds) throws SQLException {
        Connection c = ds.getConnection(); // HIKARI-EVICTED-DROPPED
        ds.evictConnection(c);
        return c;
    }

    static Connection invalidatedThenClosed(BasicDataSource ds) throws SQLException {
        Connection c = ds.getConnection(); // DBCP2-INVALIDATED-CLOSED
        c.isValid(1);
        ds.invalidateConnection(c);
        return c;
    }

    static Connection invalidatedThenDropped(BasicDataSource ds) throws SQLException {
        Connection c = ds.getConnection(); // DBCP2-INVALIDATED-DROPPED
        ds.invalidateConnection(c);
        return c;
    }

    /** Waits up to 10 s until the application holds {@code n} connections by the agent's count (2 held + ...). */
    static void awaitOpen(long n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            // a string match, no JSON parser: a parser's first use allocates enough to bring a GC forward,
            // which would collect the dropped proxies before the monitor's round takes them back
            String s = Agent.snapshotJson();
            if (s != null && s.contains("\"application\":{\"open\":" + (n - 2) + ",")) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
