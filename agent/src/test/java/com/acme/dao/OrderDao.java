package com.acme.dao;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A data-access helper: with callsite.skip=com.acme.dao. its caller is the callsite. */
public final class OrderDao {

    private OrderDao() {
    }

    public static void load(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) { // ORDER-DAO-ACQUIRE
            c.isValid(1);
        }
    }
}
