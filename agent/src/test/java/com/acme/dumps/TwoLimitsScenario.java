package com.acme.dumps;

import com.acme.scenarios.Agent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.slf4j.LoggerFactory;

/**
 * Two callsites each hold 3 connections (run with limit=2), so each passes the limit once and then
 * acquires no more (as when a pool is exhausted). {@code together}: both pass it within a millisecond;
 * {@code apart}: the second passes it once the first's dump is written, while dumps are held back by dumpInterval.
 * Waits until limit dumps name both callsites (or 20 s), then releases everything.
 */
public final class TwoLimitsScenario {

    static final String URL = "jdbc:h2:mem:twolimits;DB_CLOSE_DELAY=-1";

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        boolean together = args[1].equals("together");
        LoggerFactory.getLogger("app").info("starting"); // logging up before the agent's first WARN line
        ch.qos.logback.classic.Logger conntrack = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("conntrack");
        WARNED.setContext(conntrack.getLoggerContext());
        WARNED.start();
        conntrack.addAppender(WARNED); // counts the agent's WARN lines: the scenario ends once each dump's is out
        DriverManager.getConnection(URL).close();
        List<Connection> held = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(2);
        Thread a = new Thread(() -> run(start, () -> held.addAll(first())), "first");
        Thread b = new Thread(() -> run(start, () -> {
            if (!together) {
                Agent.awaitDumpFile(dir, "limit"); // then passes it while dumpInterval holds the next dump back
            }
            held.addAll(second());
        }), "second");
        a.start();
        b.start();
        a.join();
        b.join();
        awaitBoth(dir);
        for (Connection c : held) {
            c.close();
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static void run(CyclicBarrier start, Work w) {
        try {
            start.await();
            w.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Connection> first() throws SQLException {
        List<Connection> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(DriverManager.getConnection(URL)); // FIRST
        }
        return out;
    }

    static List<Connection> second() throws SQLException {
        List<Connection> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(DriverManager.getConnection(URL)); // SECOND
        }
        return out;
    }

    /** Counts the agent's limit WARN lines. */
    static final class Counting extends ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> {
        final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
            if (e.getFormattedMessage().startsWith("ConnTrack limit:")) {
                count.incrementAndGet();
            }
        }
    }

    static final Counting WARNED = new Counting();

    static int limitDumps(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "conntrack-*-limit*.json")) {
            for (Path ignored : s) {
                n++;
            }
        }
        return n;
    }

    /** Waits up to 20 s until the limit dumps' triggers name both methods. */
    static void awaitBoth(Path dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            StringBuilder all = new StringBuilder();
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "conntrack-*-limit*.json")) {
                    for (Path p : s) {
                        // the triggers' messages: a dump's ranking lists the other callsite too, named or not
                        all.append(new ObjectMapper().readTree(p.toFile()).get("trigger").get("message").asText()).append('\n');
                    }
                }
            }
            String text = all.toString();
            if (text.contains("TwoLimitsScenario.first(") && text.contains("TwoLimitsScenario.second(")
                    && WARNED.count.get() >= limitDumps(dir)) { // each dump's WARN line follows its files
                return;
            }
            Thread.sleep(20);
        }
        System.out.println("TIMEOUT waiting for limit dumps naming both callsites");
    }
}
