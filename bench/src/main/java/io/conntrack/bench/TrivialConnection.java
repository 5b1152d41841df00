package io.conntrack.bench;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection that does no I/O: only {@link #close()} and {@link #isClosed()} do anything. The agent
 * instruments its {@code close()} like any driver's, so a benchmark over it measures the agent alone.
 */
public final class TrivialConnection implements Connection {

    private boolean closed;

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private static SQLException unsupported() {
        return new SQLFeatureNotSupportedException("TrivialConnection does no I/O");
    }

    @Override public Statement createStatement() throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String sql) throws SQLException { throw unsupported(); }
    @Override public CallableStatement prepareCall(String sql) throws SQLException { throw unsupported(); }
    @Override public String nativeSQL(String sql) { return sql; }
    @Override public void setAutoCommit(boolean autoCommit) { }
    @Override public boolean getAutoCommit() { return true; }
    @Override public void commit() { }
    @Override public void rollback() { }
    @Override public DatabaseMetaData getMetaData() throws SQLException { throw unsupported(); }
    @Override public void setReadOnly(boolean readOnly) { }
    @Override public boolean isReadOnly() { return false; }
    @Override public void setCatalog(String catalog) { }
    @Override public String getCatalog() { return null; }
    @Override public void setTransactionIsolation(int level) { }
    @Override public int getTransactionIsolation() { return TRANSACTION_READ_COMMITTED; }
    @Override public SQLWarning getWarnings() { return null; }
    @Override public void clearWarnings() { }
    @Override public Statement createStatement(int t, int c) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String sql, int t, int c) throws SQLException { throw unsupported(); }
    @Override public CallableStatement prepareCall(String sql, int t, int c) throws SQLException { throw unsupported(); }
    @Override public Map<String, Class<?>> getTypeMap() { return Map.of(); }
    @Override public void setTypeMap(Map<String, Class<?>> map) { }
    @Override public void setHoldability(int holdability) { }
    @Override public int getHoldability() { return 0; }
    @Override public Savepoint setSavepoint() throws SQLException { throw unsupported(); }
    @Override public Savepoint setSavepoint(String name) throws SQLException { throw unsupported(); }
    @Override public void rollback(Savepoint savepoint) { }
    @Override public void releaseSavepoint(Savepoint savepoint) { }
    @Override public Statement createStatement(int t, int c, int h) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String sql, int t, int c, int h) throws SQLException { throw unsupported(); }
    @Override public CallableStatement prepareCall(String sql, int t, int c, int h) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String sql, int keys) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String sql, int[] columns) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String sql, String[] columns) throws SQLException { throw unsupported(); }
    @Override public Clob createClob() throws SQLException { throw unsupported(); }
    @Override public Blob createBlob() throws SQLException { throw unsupported(); }
    @Override public NClob createNClob() throws SQLException { throw unsupported(); }
    @Override public SQLXML createSQLXML() throws SQLException { throw unsupported(); }
    @Override public boolean isValid(int timeout) { return !closed; }
    @Override public void setClientInfo(String name, String value) throws SQLClientInfoException { }
    @Override public void setClientInfo(Properties properties) throws SQLClientInfoException { }
    @Override public String getClientInfo(String name) { return null; }
    @Override public Properties getClientInfo() { return new Properties(); }
    @Override public Array createArrayOf(String type, Object[] elements) throws SQLException { throw unsupported(); }
    @Override public Struct createStruct(String type, Object[] attributes) throws SQLException { throw unsupported(); }
    @Override public void setSchema(String schema) { }
    @Override public String getSchema() { return null; }
    @Override public void abort(Executor executor) { closed = true; }
    @Override public void setNetworkTimeout(Executor executor, int millis) { }
    @Override public int getNetworkTimeout() { return 0; }
    @Override public <T> T unwrap(Class<T> type) throws SQLException { throw unsupported(); }
    @Override public boolean isWrapperFor(Class<?> type) { return false; }
}
