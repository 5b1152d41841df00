package com.acme.compat.realleak;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.db.DBAppender;
import ch.qos.logback.core.db.DataSourceConnectionSource;
import com.acme.compat.harness.Probe;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Child JVM: logback's DBAppender over the application's HikariCP, reconfigured {@link RealLeak#LEAKS}
 * times as an application does on each configuration reload (a new DataSourceConnectionSource, started,
 * and a new DBAppender on it), logging {@link RealLeak#HEALTHY} events. Args: leaky|fixed.
 */
public final class LogbackScenario {

    /** The tables DBAppender writes (logback's PostgreSQL schema; the release jars do not ship the script). */
    private static final String[] SCHEMA = {
        "DROP TABLE IF EXISTS logging_event_exception", "DROP TABLE IF EXISTS logging_event_property",
        "DROP TABLE IF EXISTS logging_event", "DROP SEQUENCE IF EXISTS logging_event_id_seq",
        "CREATE SEQUENCE logging_event_id_seq MINVALUE 1 START 1",
        "CREATE TABLE logging_event (timestmp BIGINT NOT NULL, formatted_message TEXT NOT NULL,"
            + " logger_name VARCHAR(254) NOT NULL, level_string VARCHAR(254) NOT NULL, thread_name VARCHAR(254),"
            + " reference_flag SMALLINT, arg0 VARCHAR(254), arg1 VARCHAR(254), arg2 VARCHAR(254), arg3 VARCHAR(254),"
            + " caller_filename VARCHAR(254) NOT NULL, caller_class VARCHAR(254) NOT NULL,"
            + " caller_method VARCHAR(254) NOT NULL, caller_line CHAR(4) NOT NULL,"
            + " event_id BIGINT DEFAULT nextval('logging_event_id_seq') PRIMARY KEY)",
        "CREATE TABLE logging_event_property (event_id BIGINT NOT NULL REFERENCES logging_event(event_id),"
            + " mapped_key VARCHAR(254) NOT NULL, mapped_value VARCHAR(1024), PRIMARY KEY (event_id, mapped_key))",
        "CREATE TABLE logging_event_exception (event_id BIGINT NOT NULL REFERENCES logging_event(event_id),"
            + " i SMALLINT NOT NULL, trace_line VARCHAR(254) NOT NULL, PRIMARY KEY (event_id, i))",
    };

    public static void main(String[] args) throws Exception {
        boolean fixed = RealLeakScenarios.fixed(args);
        try (HikariDataSource ds = RealLeakScenarios.pool()) {
            RealLeakScenarios.execute(ds, SCHEMA);
            LoggerContext context = new LoggerContext();
            Logger logger = context.getLogger("com.acme.orders");
            logger.setAdditive(false);
            int logged = 0;
            for (int reload = 0; reload < RealLeak.LEAKS; reload++) {
                DataSourceConnectionSource source = new DataSourceConnectionSource();
                source.setContext(context);
                source.setDataSource(ds);
                source.start(); // the leaking release loses one connection here, each time
                DBAppender appender = new DBAppender();
                appender.setContext(context);
                appender.setConnectionSource(source);
                appender.start();
                logger.detachAndStopAllAppenders();
                logger.addAppender(appender);
                logger.info("order {} shipped", reload); // each event: a connection taken and closed
                logged++;
            }
            while (logged < RealLeak.HEALTHY) {
                logger.info("order {} shipped", logged++);
            }
            Probe.emit("statusErrors", context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getLevel() >= ch.qos.logback.core.status.Status.WARN)
                    .map(Object::toString).toArray(String[]::new));
            RealLeakScenarios.finish("real leak LOGBACK", fixed, DBAppender.class);
        } catch (Exception | Error e) {
            e.printStackTrace();
            Probe.emit("error", e.toString());
        }
    }
}
