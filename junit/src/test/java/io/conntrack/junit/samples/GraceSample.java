package io.conntrack.junit.samples;

import io.conntrack.junit.ConnTrackLeakCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Work that closes its connection asynchronously, soon after the test returns. */
public class GraceSample {

    static void closeLater(Connection c, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
                c.close();
            } catch (InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "closes-later");
        t.setDaemon(true);
        t.start();
    }

    @Test
    @ConnTrackLeakCheck(grace = "5s")
    void closedWithinTheGracePeriod() throws Exception {
        closeLater(DriverManager.getConnection(Db.URL), 200);
    }

    @Test
    @ConnTrackLeakCheck(grace = "50ms")
    void closedAfterTheGracePeriod() throws Exception {
        closeLater(DriverManager.getConnection(Db.URL), 1000); // leak-line:late
    }
}
