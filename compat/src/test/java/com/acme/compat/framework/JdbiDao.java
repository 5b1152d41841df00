package com.acme.compat.framework;

import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

public final class JdbiDao implements FrameworkDao {

    private final Jdbi jdbi;

    public JdbiDao(DataSource ds) {
        this.jdbi = Jdbi.create(ds);
    }

    @Override
    public void borrow() {
        jdbi.withHandle(h -> h.createQuery("select 1").mapTo(Integer.class).one()); // BORROW
    }

    @Override
    public void leak() {
        Handle h = jdbi.open(); // LEAK
        h.createQuery("select 1").mapTo(Integer.class).one();
    }
}
