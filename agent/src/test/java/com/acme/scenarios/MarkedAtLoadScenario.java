package com.acme.scenarios;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Every getConnection() call of this class is marked as the class loads (none is rewritten later, while
 * main() runs): each acquisition counts at its own line, with marking and without it (stack walk).
 */
public final class MarkedAtLoadScenario {

    public static void main(String[] args) throws Exception {
        JdbcDataSource ds = Pools.h2("rewrite");
        helper(ds);
        boolean markingOff = args.length > 0 && args[0].equals("marking-off");
        System.out.println("MARKED " + (!markingOff && Agent.awaitAgentCounter("callsitesMarked", 1)));
        try (Connection c = ds.getConnection()) { // FIRST-AFTER-REWRITE
            c.isValid(1);
        }
        for (int i = 0; i < 2; i++) {
            try (Connection c = ds.getConnection()) { // SECOND-AFTER-REWRITE
                c.isValid(1);
            }
        }
        Agent.printSnapshot();
    }

    static void helper(JdbcDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) { // IN-HELPER
            c.isValid(1);
        }
    }
}
