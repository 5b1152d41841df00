package com.acme.scenarios;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/** A DataSource whose database is down: every getConnection() throws. */
public class FailingDataSource extends DelegatingDataSource {

    public FailingDataSource(DataSource unused) {
        super(unused);
    }

    @Override
    public Connection getConnection() throws SQLException {
        throw new SQLTransientConnectionException("database down on purpose");
    }
}
