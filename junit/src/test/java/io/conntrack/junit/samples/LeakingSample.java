package io.conntrack.junit.samples;

import io.conntrack.junit.ConnTrackLeakCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Run by ConnTrackExtensionTest through the engine test kit (not by Surefire: not a *Test). */
@ConnTrackLeakCheck
public class LeakingSample {

    @Test
    void leaks() throws Exception {
        Connection c = DriverManager.getConnection(Db.URL); // leak-line:leaks
        c.createStatement().execute("select 1");
        Db.keep(c);
    }

    @Test
    void leaksTwoAtOneLine() throws Exception {
        for (int i = 0; i < 2; i++) {
            Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:twice
        }
    }

    @Test
    void closes() throws Exception {
        try (Connection c = DriverManager.getConnection(Db.URL); Statement s = c.createStatement()) {
            s.execute("select 1");
        }
    }

    @Test
    void failsAndLeaks() throws Exception {
        Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:failsAndLeaks
        throw new IllegalStateException("the test's own failure");
    }
}
