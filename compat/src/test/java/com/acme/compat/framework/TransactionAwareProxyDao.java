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

    @Override
    public void borrow() throws Exception {
        try (Connection c = proxy.getConnection(); // BORROW
             Statement s = c.createStatement()) {
            s.execute("select 1");
        }
    }

    @Override
    public void leak() throws Exception {
        Connection c = proxy.getConnection(); // LEAK
        c.createStatement().execute("select 1");
    }
}
