package com.acme.compat.framework;

import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

public final class JdbcTemplateDao implements FrameworkDao {

    private final DataSource ds;
    private final JdbcTemplate jdbc;

    public JdbcTemplateDao(DataSource ds) {
        this.ds = ds;
        this.jdbc = new JdbcTemplate(ds);
    }

    @Override
    public void borrow() {
        jdbc.queryForObject("select 1", Integer.class); // BORROW
    }

    @Override
    public void leak() throws Exception {
        Connection c = DataSourceUtils.getConnection(ds); // LEAK
        c.createStatement().execute("select 1");
    }
}
