package com.acme.threads;

import com.acme.scenarios.Agent;
import com.acme.scenarios.Pools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import javax.sql.DataSource;
import jdk.jfr.consumer.RecordingFile;
import org.h2.jdbcx.JdbcDataSource;

/**
 * 10,000 virtual threads borrow and close an H2 connection at once while JFR records every
 * jdk.VirtualThreadPinned event (threshold 0). JDK 21+ (virtual threads are reached by reflection
 * because this code compiles for Java 11). With {@code hikari} as argument they borrow from a HikariCP
 * pool of 10 instead (run with {@code reclaim=abandoned}: the first borrow of a handle class makes the
 * reclaimer's getter for it on that virtual thread).
 */
public final class VirtualThreadsScenario {

    static final int THREADS = 10_000;

    /** Parks while initializing: a virtual thread in a class initializer pins, so JFR must see this one. */
    static final class PinsOnPurpose {
        static {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
        }
    }

    public static void main(String[] args) throws Exception {
        DataSource ds;
        if (args.length > 0 && args[0].equals("hikari")) {
            ds = Pools.hikari("virtual", 10);
        } else {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:virtual;DB_CLOSE_DELAY=-1");
            ds = h2;
        }
        try (Recording rec = new Recording()) {
            rec.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            rec.start();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService ex = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            ex.submit(PinsOnPurpose::touch);
            for (int i = 0; i < THREADS; i++) {
                ex.submit(() -> {
                    try {
                        go.await();
                        try (Connection c = ds.getConnection()) { // VIRTUAL
                            if (c.isValid(1)) {
                                ok.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    return null;
                });
            }
            go.countDown();
            ex.shutdown();
            if (!ex.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("virtual threads did not finish");
            }
            rec.stop();
            Path file = Files.createTempFile("pinned", ".jfr");
            rec.dump(file);
            int pinned = 0;
            int pinnedInAgent = 0;
            int control = 0;
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (!e.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                    continue;
                }
                pinned++;
                boolean agent = false;
                boolean ours = false;
                for (RecordedFrame f : e.getStackTrace() == null ? java.util.List.<RecordedFrame>of() : e.getStackTrace().getFrames()) {
                    String type = f.getMethod().getType().getName();
                    agent |= type.startsWith("io.conntrack.");
                    ours |= type.contains("PinsOnPurpose");
                }
                control += ours ? 1 : 0;
                if (agent) {
                    pinnedInAgent++;
                    System.out.println("PINNED-IN-AGENT " + e);
                    for (RecordedFrame f : e.getStackTrace().getFrames()) {
                        System.out.println("    at " + f.getMethod().getType().getName() + "." + f.getMethod().getName() + " line " + f.getLineNumber());
                    }
                }
            }
            Files.deleteIfExists(file);
            System.out.println("VT ok " + ok.get() + " failed " + failed.get());
            System.out.println("PINNED total " + pinned + " agent " + pinnedInAgent + " control " + control);
        }
        Agent.printSnapshot();
    }
}
