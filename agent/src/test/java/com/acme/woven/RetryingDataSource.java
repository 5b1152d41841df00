package com.acme.woven;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Bytecode shapes the weaver must keep valid (see AdviceWeaverTest): a loop at offset 0 (a stack map
 * frame there), long and double locals, a try/catch, an exception thrown from the body.
 */
public class RetryingDataSource implements DataSource {

    private int attempts;

    @Override
    public Connection getConnection() throws SQLException {
        do {
            attempts++;
        } while (attempts % 3 != 0);
        long started = System.nanoTime();
        double factor = 1.5;
        return connection(started, factor);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        long started = System.nanoTime();
        double spent = started / 2.0;
        try {
            if (user == null) {
                throw new SQLException("no user");
            }
            for (int i = 0; i < 2; i++) {
                spent += i;
            }
            return connection(started, spent);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    static Connection connection(long started, double factor) {
        if (started == 0 && factor == 0) {
            throw new IllegalStateException();
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("isClosed") ? Boolean.FALSE : null);
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
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
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
