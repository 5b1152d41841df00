package com.acme.compat.framework;

import java.sql.Connection;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

public final class JooqDao implements FrameworkDao {

    private final DSLContext dsl;

    public JooqDao(DataSource ds) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        this.dsl = DSL.using(ds, SQLDialect.H2);
    }

    @Override
    public void borrow() {
        dsl.fetchValue("select 1"); // BORROW
    }

    /** Takes a connection from jOOQ's provider and never releases it. */
    @Override
    public void leak() throws Exception {
        Connection c = dsl.configuration().connectionProvider().acquire(); // LEAK
        c.createStatement().execute("select 1");
    }
}
