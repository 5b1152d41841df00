package com.acme.scenarios;

import java.sql.Connection;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The logging part of {@link LogbackScenario}. */
final class LogbackApp {

    private LogbackApp() {
    }

    static void run() throws Exception {
        Logger log = LoggerFactory.getLogger("com.acme.app");
        log.info("hello from the app");
        JdbcDataSource ds = Pools.h2("logback");
        try (Connection c = ds.getConnection()) { // LOGGED-BORROW
            c.isValid(1);
        }
        Agent.printSnapshot();
        System.out.println("DUMP " + Agent.dump("logging check"));
    }
}
