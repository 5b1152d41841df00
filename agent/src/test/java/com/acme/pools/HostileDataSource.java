package com.acme.pools;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource with the getters of a pool (so ConnTrack's generic reader reads it) whose getters or
 * {@code toString} misbehave, as a congested or broken pool's can. Connections come from a real H2 source.
 */
public final class HostileDataSource implements DataSource {

    /** How it misbehaves. */
    public enum Mode { BLOCK, SLEEP_5S, THROWS, THROWS_SECRET, TO_STRING_BLOCKS }

    /** What THROWS_SECRET puts in its exception's message: it must be found nowhere. */
    public static final String SECRET = "S3cr3tPassw0rd!";

    private final Mode mode;
    private final DataSource delegate;
    private final CountDownLatch never = new CountDownLatch(1);

    public HostileDataSource(Mode mode, DataSource delegate) {
        this.mode = mode;
        this.delegate = delegate;
    }

    public String getPoolName() {
        return "hostile\npool";
    }

    public int getMaximumPoolSize() {
        return 5;
    }

    public int getActiveConnections() throws InterruptedException {
        switch (mode) {
            case BLOCK:
                never.await(); // BLOCKS
                return 0;
            case SLEEP_5S:
                Thread.sleep(5000); // SLEEPS
                return 1;
            case THROWS:
                throw new IllegalStateException("pool is shutting down");
            case THROWS_SECRET:
                throw new IllegalStateException("cannot reach jdbc:postgresql://db/app?user=admin&password=" + SECRET
                        + "\n[conntrack] ERROR forged line");
            default:
                return 1;
        }
    }

    public int getIdleConnections() {
        return 2;
    }

    @Override
    public String toString() {
        if (mode == Mode.TO_STRING_BLOCKS) {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return "HostileDataSource[" + mode + "]";
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return delegate.getConnection(user, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
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
