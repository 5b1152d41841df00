package io.conntrack.junit.samples;

import io.conntrack.junit.ConnTrackExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two tests at once: one leaks and is still running when the other, clean one, ends. Only the leaking
 * test may fail. (Signal's afterEach runs after ConnTrack's: extensions unwind in reverse order.)
 */
@ExtendWith({ParallelSample.Signal.class, ConnTrackExtension.class})
public class ParallelSample {

    static volatile CountDownLatch leaked = new CountDownLatch(1);
    static volatile CountDownLatch cleanChecked = new CountDownLatch(1);

    public static void reset() {
        leaked = new CountDownLatch(1);
        cleanChecked = new CountDownLatch(1);
    }

    /** Tells the leaking test that the clean one was checked, while the leak was open. */
    public static final class Signal implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            if (context.getRequiredTestMethod().getName().equals("clean")) {
                cleanChecked.countDown();
            }
        }
    }

    @Test
    void leaks() throws Exception {
        Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:parallel
        leaked.countDown();
        if (!cleanChecked.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the clean test did not end while this one ran: not parallel?");
        }
    }

    @Test
    void clean() throws Exception {
        if (!leaked.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the leaking test did not run alongside: not parallel?");
        }
        try (Connection c = DriverManager.getConnection(Db.URL)) {
            c.createStatement().execute("select 1");
        }
    }
}
