package com.acme.compat.framework;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

public final class TransactionAwareProxyDao implements FrameworkDao {

    private final DataSource proxy;

    public TransactionAwareProxyDao(DataSource ds) {
        this.proxy = new TransactionAwareDataSourceProxy(ds);
    }

    // The proxy takes the pooled connection on first use, not in getConnection(): ConnTrack counts that
    // real acquisition, at the DAO line of the first use (the marked lines below).
    @Override
    public void borrow() throws Exception {
        try (Connection c = proxy.getConnection();
             Statement s = c.createStatement()) { // BORROW
            s.execute("select 1");
        }
    }

    @Override
    public void leak() throws Exception {
        Connection c = proxy.getConnection();
        c.createStatement().execute("select 1"); // LEAK
    }
}
