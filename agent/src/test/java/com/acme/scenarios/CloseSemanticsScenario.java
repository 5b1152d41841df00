package com.acme.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Every way a connection's tracking ends (or never starts), each at its own line. */
public final class CloseSemanticsScenario {

    static final String BAD_URL = "jdbc:h2:mem:bad;NO_SUCH_SETTING=1";

    public static void main(String[] args) throws Exception {
        JdbcDataSource ds = Pools.h2("close");

        Connection twice = ds.getConnection(); // DOUBLE-CLOSE
        twice.close();
        twice.close();

        Connection elsewhere = ds.getConnection(); // CLOSED-ELSEWHERE
        Thread closer = new Thread(() -> closeQuietly(elsewhere), "closer");
        closer.start();
        closer.join();

        ExecutorService executor = Executors.newSingleThreadExecutor();
        Connection aborted = ds.getConnection(); // ABORTED
        aborted.abort(executor); // H2's abort does nothing: only the abort advice ends tracking
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        aborted.close(); // a close after abort must not count again

        DataSource throwingClose = new ThrowingCloseDataSource(ds);
        Connection failsToClose = throwingClose.getConnection(); // CLOSE-THROWS
        try {
            failsToClose.close();
            System.out.println("CLOSE-DID-NOT-THROW");
        } catch (SQLException expected) {
            System.out.println("CLOSE-THREW " + expected.getMessage());
        }

        badUrl();
        JdbcDataSource badDs = new JdbcDataSource();
        badDs.setURL(BAD_URL);
        badH2DataSource(badDs);
        failingDataSource(new FailingDataSource(ds));

        Agent.printSnapshot();
    }

    static void badUrl() {
        try {
            DriverManager.getConnection(BAD_URL).close(); // BAD-URL
            System.out.println("ACQUIRE-DID-NOT-THROW");
        } catch (SQLException expected) {
            System.out.println("ACQUIRE-THREW " + expected.getClass().getSimpleName());
        }
    }

    static void badH2DataSource(DataSource ds) {
        try {
            ds.getConnection().close(); // BAD-H2-DATASOURCE
            System.out.println("ACQUIRE-DID-NOT-THROW");
        } catch (SQLException expected) {
            System.out.println("ACQUIRE-THREW " + expected.getClass().getSimpleName());
        }
    }

    static void failingDataSource(DataSource ds) {
        try {
            ds.getConnection().close(); // FAILING-DATASOURCE
            System.out.println("ACQUIRE-DID-NOT-THROW");
        } catch (SQLException expected) {
            System.out.println("ACQUIRE-THREW " + expected.getClass().getSimpleName());
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
