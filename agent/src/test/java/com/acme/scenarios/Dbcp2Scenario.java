package com.acme.scenarios;

import java.sql.Connection;
import org.apache.commons.dbcp2.BasicDataSource;

/** Commons DBCP2: 100 borrows, one held; the pool opens its physical connections inside getConnection(). */
public final class Dbcp2Scenario {

    public static void main(String[] args) throws Exception {
        BasicDataSource ds = new BasicDataSource();
        ds.setUrl(Pools.h2Url("dbcp2"));
        ds.setMaxTotal(4);
        for (int i = 0; i < 100; i++) {
            try (Connection c = ds.getConnection()) { // BORROW
                c.isValid(1);
            }
        }
        Connection held = ds.getConnection(); // HELD
        Agent.printSnapshot();
        held.close();
        ds.close();
        Agent.printSnapshot();
    }
}
