package com.acme.dumps;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Exits with a connection open while the application's logging hangs: the exit dump's WARN line (sent
 * to the application's SLF4J) never returns. The JVM must still exit, within the exit dump's deadline.
 */
public final class StuckLoggerExitScenario {

    static Connection stillOpen;

    public static void main(String[] args) throws Exception {
        Logger conntrack = (Logger) LoggerFactory.getLogger("conntrack");
        Stuck stuck = new Stuck();
        stuck.setContext(conntrack.getLoggerContext());
        stuck.start();
        conntrack.addAppender(stuck);
        stillOpen = DriverManager.getConnection(Dumps.URL);
        System.out.println("MAIN-RETURNS " + System.currentTimeMillis());
    }

    /** An appender stuck for good, as one writing to a full pipe or a dead network share is. */
    public static final class Stuck extends AppenderBase<ILoggingEvent> {
        private final CountDownLatch never = new CountDownLatch(1);

        @Override
        protected void append(ILoggingEvent e) {
            try {
                never.await(); // STUCK
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
