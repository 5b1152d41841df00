package com.acme.scenarios;

import com.acme.scenarios.Agent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Acquisitions that throw: DriverManager with a URL no driver takes ("No suitable driver": no driver code
 * runs), one the driver refuses, through each DriverManager.getConnection overload and in a constructor.
 * Prints what the application sees (APP lines: must not change with the agent) and a snapshot.
 */
public final class FailedAcquisitionsScenario {

    public static final class Opener {
        final Connection connection;

        Opener(String url) throws SQLException {
            this.connection = DriverManager.getConnection(url); // IN-CONSTRUCTOR
        }
    }

    interface Attempt {
        Connection run() throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        attempt("nosuch", () -> DriverManager.getConnection("jdbc:nosuch:db")); // NOSUCH
        attempt("nosuch-props", () -> DriverManager.getConnection("jdbc:nosuch:db", new Properties())); // NOSUCH-PROPS
        attempt("nosuch-user", () -> DriverManager.getConnection("jdbc:nosuch:db", "sa", "")); // NOSUCH-USER
        attempt("refused", () -> DriverManager.getConnection("jdbc:h2:mem:absent;IFEXISTS=TRUE")); // REFUSED
        attempt("constructor", () -> new Opener("jdbc:nosuch:ctor").connection);
        try {
            DriverManager.getConnection("jdbc:nosuch:inline").close(); // CAUGHT-HERE
            System.out.println("APP caught-here succeeded");
        } catch (SQLException e) {
            System.out.println("APP caught-here threw " + e.getMessage()); // the application's own catch still catches
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:h2:mem:fine"); // FINE
            c.close();
            System.out.println("APP fine");
        } catch (SQLException e) {
            System.out.println("APP fine failed: " + e);
        }
        Agent.printSnapshot();
    }

    static void attempt(String what, Attempt a) {
        try {
            a.run().close();
            System.out.println("APP " + what + " succeeded");
        } catch (SQLException e) {
            StackTraceElement own = null;
            for (StackTraceElement f : e.getStackTrace()) {
                if (f.getClassName().startsWith("com.acme.")) {
                    own = f;
                    break;
                }
            }
            System.out.println("APP " + what + " threw " + e.getClass().getName() + ": " + e.getMessage() + " at " + own);
        }
    }
}
