package com.acme.dumps;

import com.acme.scenarios.Agent;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;

/**
 * A real HikariCP pool (connectionTimeout 250 ms) whose connections one line holds for 2.5 s while its
 * thread sleeps in a remote call: the advice must name that line, the call it waits in, and the timeout
 * shorter than the hold. Prints a snapshot at the end.
 */
public final class PoolHogScenario {

    public static void main(String[] args) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("hikari-hog");
        cfg.setJdbcUrl(com.acme.scenarios.Pools.h2Url("hog"));
        cfg.setMaximumPoolSize(4);
        cfg.setMinimumIdle(1);
        cfg.setConnectionTimeout(250);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            for (int round = 0; round < 2; round++) {
                Thread[] orders = new Thread[2];
                HikariDataSource pool = ds;
                for (int i = 0; i < orders.length; i++) {
                    orders[i] = new Thread(() -> order(pool), "order-" + round + "-" + i); // names only: not captured
                    orders[i].start();
                }
                for (Thread t : orders) {
                    t.join();
                }
            }
            Agent.printSnapshot();
            printJmxPools();
        }
    }

    /** The MBean's Pools table, one {@code JMX-POOL name|maxSize|active|lost|advice count} line per row. */
    static void printJmxPools() throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("io.conntrack:type=ConnTrack");
        for (int i = 0; i < 200 && !server.isRegistered(name); i++) {
            Thread.sleep(50); // the agent registers its MBean once the platform server exists
        }
        javax.management.openmbean.TabularData pools = (javax.management.openmbean.TabularData) server.getAttribute(name, "Pools");
        for (Object o : pools.values()) {
            javax.management.openmbean.CompositeData c = (javax.management.openmbean.CompositeData) o;
            System.out.println("JMX-POOL " + c.get("name") + "|" + c.get("maxSize") + "|" + c.get("active") + "|" + c.get("lost")
                    + "|" + ((String[]) c.get("advice")).length);
        }
    }

    static void order(HikariDataSource ds) {
        try (Connection c = ds.getConnection()) { // HOG
            c.isValid(1);
            charge();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void charge() throws InterruptedException {
        Thread.sleep(2500); // the payment provider answers slowly, with the connection held
    }
}
