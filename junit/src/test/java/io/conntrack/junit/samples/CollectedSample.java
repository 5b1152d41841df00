package io.conntrack.junit.samples;

import io.conntrack.junit.ConnTrackLeakCheck;
import java.lang.ref.WeakReference;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** A connection dropped without close() and garbage-collected during the test. */
@ConnTrackLeakCheck
public class CollectedSample {

    @Test
    void dropsAConnection() throws Exception {
        WeakReference<Object> gone = new WeakReference<>(DriverManager.getConnection(Db.URL)); // leak-line:collected
        for (int i = 0; i < 200 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        if (gone.get() != null) {
            throw new IllegalStateException("the GC did not collect the connection");
        }
        Thread.sleep(250); // the agent's monitor polls every 100 ms: let it count the leak
    }
}
