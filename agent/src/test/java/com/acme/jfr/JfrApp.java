package com.acme.jfr;

import com.acme.cli.AgentProbe;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Child JVM for {@link JfrIT}: records its own JFR events while it goes over a limit, holds a
 * connection too long, leaks one and churns, then writes the recording to {@code args[0]}.
 * Expects the agent with limit=2, holdThreshold=200ms, stacks=all, dumpDir={@code args[1]}.
 */
public final class JfrApp {

    static final String URL = "jdbc:h2:mem:jfr;DB_CLOSE_DELAY=-1";

    private JfrApp() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        Path dumpDir = Paths.get(args[1]);
        if (!AgentProbe.active()) {
            throw new IllegalStateException("the agent is not running");
        }
        Recording r = new Recording();
        for (String e : new String[] {"conntrack.ConnectionLeaked", "conntrack.ConnectionHeld", "conntrack.LimitExceeded"}) {
            r.enable(e);
        }
        r.enable("conntrack.CallsiteStatistics").withPeriod(Duration.ofMillis(200));
        r.start();

        List<Connection> overLimit = openForLimit();
        await(() -> hasFile(dumpDir, "-limit.json"), "a limit dump in " + dumpDir);
        for (Connection c : overLimit) {
            c.close();
        }
        holdTooLong();
        leak();
        await(() -> leaked() >= 1, "the leak to be counted");
        for (int i = 0; i < 5; i++) {
            churn();
        }
        // a periodic event taken after the churn (all five back), not one taken in the middle of it
        await(() -> recorded(r, "conntrack.CallsiteStatistics", "churn",
                e -> e.getLong("open") == 0 && e.getLong("acquired") == 5 && e.getLong("closed") == 5),
                "a statistics event for churn() after it ended");
        await(() -> recorded(r, "conntrack.ConnectionLeaked", "leak", e -> true), "the leak event");
        r.stop();
        r.dump(out);
        r.close();
        System.out.println("DONE");
    }

    static List<Connection> openForLimit() throws SQLException {
        List<Connection> l = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            l.add(DriverManager.getConnection(URL, "sa", ""));
        }
        return l;
    }

    /** Acquired on thread "acquirer", closed 300 ms later on thread "closer". */
    static void holdTooLong() throws Exception {
        AtomicReference<Connection> held = new AtomicReference<>();
        Thread acquirer = new Thread(() -> {
            try {
                held.set(holdTooLongAcquire());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "acquirer");
        acquirer.start();
        acquirer.join();
        Thread.sleep(300);
        Thread closer = new Thread(() -> {
            try {
                held.get().close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "closer");
        closer.start();
        closer.join();
    }

    static Connection holdTooLongAcquire() throws SQLException {
        return DriverManager.getConnection(URL, "sa", "");
    }

    static void leak() throws SQLException {
        DriverManager.getConnection(URL, "sa", "").createStatement().execute("select 1");
    }

    static void churn() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "sa", "")) {
            c.createStatement().execute("select 1");
        }
    }

    private static long leaked() {
        System.gc();
        try {
            return AgentProbe.application("leaked");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasFile(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + suffix)) {
            return s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the recording so far holds an event of that type whose callsite mentions {@code method} and that passes {@code test}. */
    private static boolean recorded(Recording r, String type, String method, Predicate<RecordedEvent> test) {
        try {
            Path tmp = Files.createTempFile("jfrapp", ".jfr");
            try {
                r.dump(tmp);
                for (RecordedEvent e : RecordingFile.readAllEvents(tmp)) {
                    if (e.getEventType().getName().equals(type) && e.getString("callsite").contains("JfrApp." + method)
                            && test.test(e)) {
                        return true;
                    }
                }
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
