package com.acme.faults;

import com.acme.scenarios.Agent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;

/**
 * An application that recurses too deep: {@code getConnection()} runs out of stack at every depth of its
 * call tree in turn (the driver's frames, the agent's frames around them, the stack walk that finds the
 * callsite), and the application catches the StackOverflowError. Then, on the same thread, it acquires
 * normally: tracking must still be on and count those at their lines. Prints OVERFLOWS n, ACTIVE b and a
 * snapshot.
 */
public final class DeepRecursionScenario {

    static final String URL = "jdbc:h2:mem:deep;DB_CLOSE_DELAY=-1";
    /** How many depths below the deepest possible one each kind of acquisition is tried at. */
    static final int PROBES = 600;

    interface Acquisition {
        void run() throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(URL);
        DriverManager.getConnection(URL).close(); // SETUP
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] overflows = new int[1];
        Connection[] held = new Connection[1];
        for (int i = 0; i < 20; i++) {
            deepest(); // warm up: compiled frames are far smaller than interpreted ones
        }
        Thread deep = new Thread(null, () -> {
            try {
                overflows[0] = work(ds, held);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "deep", 256 * 1024);
        deep.start();
        deep.join();
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        System.out.println("OVERFLOWS " + overflows[0]);
        System.out.println("ACTIVE " + Class.forName("io.conntrack.ConnTrack").getMethod("isActive").invoke(null));
        Agent.printSnapshot();
        held[0].close();
    }

    static int work(JdbcDataSource ds, Connection[] held) throws SQLException {
        int overflows = probe(() -> DriverManager.getConnection(URL).close()); // DEEP-DM
        overflows += probe(() -> ds.getConnection().close()); // DEEP-DS
        for (int i = 0; i < 3; i++) {
            DriverManager.getConnection(URL).close(); // AFTER-DM
            ds.getConnection().close(); // AFTER-DS
        }
        held[0] = ds.getConnection(); // HELD
        return overflows;
    }

    /**
     * Tries {@code a} at each of the {@link #PROBES} depths below the deepest, in a few passes (the JIT
     * changes frame sizes between them); returns how often it overflowed.
     */
    static int probe(Acquisition a) {
        int overflows = 0;
        int deepest = deepest();
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < PROBES; i++) {
                if (i % 25 == 0) {
                    deepest = deepest();
                }
                try {
                    recurse(0, Math.max(0, deepest - i), a);
                } catch (StackOverflowError e) {
                    overflows++;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return overflows;
    }

    private static int reached;

    /** How deep {@link #recurse} gets before the stack is full, measured with the same method each time. */
    static int deepest() {
        reached = 0;
        try {
            recurse(0, Integer.MAX_VALUE, null);
        } catch (StackOverflowError | SQLException e) {
            // reached is as far as it got
        }
        return reached;
    }

    static void recurse(int n, int target, Acquisition a) throws SQLException {
        if (n < target) {
            reached = n;
            recurse(n + 1, target, a);
            return;
        }
        a.run();
    }
}
