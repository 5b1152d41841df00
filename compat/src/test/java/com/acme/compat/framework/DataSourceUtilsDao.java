package com.acme.compat.framework;

import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

public final class DataSourceUtilsDao implements FrameworkDao {

    private final DataSource ds;

    public DataSourceUtilsDao(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void borrow() throws Exception {
        Connection c = DataSourceUtils.getConnection(ds); // BORROW
        try {
            c.createStatement().execute("select 1");
        } finally {
            DataSourceUtils.releaseConnection(c, ds);
        }
    }

    @Override
    public void leak() throws Exception {
        Connection c = DataSourceUtils.getConnection(ds); // LEAK
        c.createStatement().execute("select 1");
    }
}
