package com.acme.pools;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A DataSource without a database: each connection a do-nothing proxy. What the agent keeps per pool is then all a heap measurement sees. */
public final class NoIoDataSource implements DataSource {

    /** A pool's getter: ConnTrack lists as pools only DataSources that look like one. */
    public int getMaximumPoolSize() {
        return 10;
    }

    @Override
    public Connection getConnection() {
        return (Connection) Proxy.newProxyInstance(NoIoDataSource.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, a) -> m.getReturnType() == boolean.class ? Boolean.TRUE : null);
    }

    @Override
    public Connection getConnection(String user, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
