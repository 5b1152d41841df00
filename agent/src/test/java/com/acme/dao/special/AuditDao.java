package com.acme.dao.special;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A data-access helper that callsite.include brings back even when com.acme.dao. is skipped. */
public final class AuditDao {

    private AuditDao() {
    }

    public static void record(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) { // AUDIT-DAO-ACQUIRE
            c.isValid(1);
        }
    }
}
