package com.acme.compat.dao;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Connects to a port where no database listens. */
public final class UnreachableDao {

    public static final String URL = "jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2";

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "postgres", ""); // UNREACHABLE
    }
}
