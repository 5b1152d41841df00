package io.conntrack.bench;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Hands out a new {@link TrivialConnection} per call, as a pool hands out a new proxy per borrow. */
public final class TrivialDataSource implements DataSource {

    @Override
    public Connection getConnection() {
        return new TrivialConnection();
    }

    @Override
    public Connection getConnection(String user, String password) {
        return new TrivialConnection();
    }

    @Override public PrintWriter getLogWriter() { return null; }
    @Override public void setLogWriter(PrintWriter out) { }
    @Override public void setLoginTimeout(int seconds) { }
    @Override public int getLoginTimeout() { return 0; }
    @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
    @Override public <T> T unwrap(Class<T> type) throws java.sql.SQLException { throw new SQLFeatureNotSupportedException(); }
    @Override public boolean isWrapperFor(Class<?> type) { return false; }
}
