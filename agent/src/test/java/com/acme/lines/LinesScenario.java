package com.acme.lines;

import com.acme.scenarios.Agent;
import com.acme.scenarios.Pools;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The application's own stack traces with the agent: main() borrows in a loop for about a second (the
 * agent sees its first acquisitions while main() runs), a worker holds a connection while it waits in
 * a payment call (the hog a dump reports), then main() catches an exception and prints its frames.
 * Every frame of this class must keep its file and line.
 */
public final class LinesScenario {

    public static void main(String[] args) throws Exception {
        try (HikariDataSource ds = Pools.hikari("lines", 4)) {
            long end = System.nanoTime() + 1_000_000_000L;
            int n = 0;
            while (System.nanoTime() < end) {
                try (Connection c = ds.getConnection()) { // LOOP
                    n++;
                }
            }
            Thread hog = new Thread(() -> holdWhilePaying(ds), "hog-worker");
            hog.setDaemon(true);
            hog.start();
            Thread.sleep(800);
            System.out.println("LOOPS " + n);
            if (Agent.snapshotJson() != null) {
                System.out.println("DUMP " + Agent.dump("lines"));
            }
            try {
                fail(); // CALLS-FAIL
            } catch (IllegalStateException e) {
                for (StackTraceElement f : e.getStackTrace()) {
                    System.out.println("FRAME " + f);
                }
            }
        }
    }

    static void fail() {
        throw new IllegalStateException("the application's own failure"); // THROWS
    }

    static void holdWhilePaying(HikariDataSource ds) {
        try (Connection c = ds.getConnection()) { // HOG
            pay(); // PAYS
        } catch (SQLException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void pay() throws InterruptedException {
        Thread.sleep(30_000); // PAYING
    }
}
