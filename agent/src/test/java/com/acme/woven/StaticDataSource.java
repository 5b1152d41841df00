package com.acme.woven;

import java.sql.Connection;

/** Named like a DataSource, implements none, declares a static Connection getter (see AdviceWeaverTest). */
public final class StaticDataSource {

    private StaticDataSource() {
    }

    public static Connection getConnection() {
        return RetryingDataSource.connection(1, 1);
    }
}
