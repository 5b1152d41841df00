package com.acme.scenarios;

import java.sql.Connection;
import java.sql.SQLException;

/** Closes the wrapped connection, then reports a failure, as some drivers do when the socket is gone. */
public class ThrowingCloseConnection extends DelegatingConnection {

    public ThrowingCloseConnection(Connection delegate) {
        super(delegate);
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
        throw new SQLException("close failed on purpose");
    }
}
