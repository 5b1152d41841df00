package com.acme.scenarios;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import org.apache.tomcat.jdbc.pool.DataSource;

/**
 * Tomcat JDBC: its connections are JDK dynamic proxies, whose close() must still be counted. Borrowed
 * directly, and through an application DataSource (whose getConnection() is surely instrumented).
 */
public final class TomcatJdbcScenario {

    public static void main(String[] args) throws Exception {
        DataSource ds = new DataSource();
        ds.setUrl(Pools.h2Url("tomcat"));
        ds.setDriverClassName("org.h2.Driver");
        ds.setInitialSize(2);
        ds.setMaxActive(4);
        ds.setMaxIdle(4);
        ds.setMinIdle(1);
        for (int i = 0; i < 100; i++) {
            try (Connection c = ds.getConnection()) { // BORROW
                if (i == 0) {
                    System.out.println("TOMCAT-CONNECTION-IS-PROXY " + Proxy.isProxyClass(c.getClass()));
                }
                c.isValid(1);
            }
        }
        javax.sql.DataSource app = new DelegatingDataSource(ds);
        for (int i = 0; i < 10; i++) {
            try (Connection c = app.getConnection()) { // VIA-APP-DATASOURCE
                c.isValid(1);
            }
        }
        Connection held = ds.getConnection(); // HELD
        Agent.printSnapshot();
        held.close();
        ds.close(true);
        Agent.printSnapshot();
    }
}
