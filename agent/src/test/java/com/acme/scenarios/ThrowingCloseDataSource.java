package com.acme.scenarios;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Hands out connections whose close() throws. */
public class ThrowingCloseDataSource extends DelegatingDataSource {

    public ThrowingCloseDataSource(DataSource delegate) {
        super(delegate);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new ThrowingCloseConnection(delegate.getConnection());
    }
}
