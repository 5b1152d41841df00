package com.acme.scenarios;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** An application-written DataSource that wraps each of its delegate's connections in its own class. */
public class WrappingDataSource extends DelegatingDataSource {

    public WrappingDataSource(DataSource delegate) {
        super(delegate);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new DelegatingConnection(delegate.getConnection());
    }
}
