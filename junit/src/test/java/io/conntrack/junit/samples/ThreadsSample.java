package io.conntrack.junit.samples;

import io.conntrack.junit.ConnTrackLeakCheck;
import java.sql.DriverManager;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Threads the test starts are in its scope; threads that existed before it are not. */
@ConnTrackLeakCheck
public class ThreadsSample {

    static ExecutorService existing;

    @BeforeAll
    static void startExecutor() throws Exception {
        existing = Executors.newSingleThreadExecutor(r -> new Thread(r, "existing-worker"));
        existing.submit(() -> { }).get(); // its thread starts now, before any test
    }

    @AfterAll
    static void stopExecutor() {
        existing.shutdownNow();
    }

    @Test
    void leaksOnAThreadItStarts() throws Exception {
        Thread t = new Thread(() -> {
            try {
                Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:child
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "started-by-the-test");
        t.start();
        t.join();
    }

    @Test
    void leaksOnAThreadThatExistedBefore() throws Exception {
        existing.submit(() -> {
            Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:existing
            return null;
        }).get();
    }
}
