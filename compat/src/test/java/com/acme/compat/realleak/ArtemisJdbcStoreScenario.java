package com.acme.compat.realleak;

import com.acme.compat.harness.Probe;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.jdbc.store.file.JDBCSequentialFileFactory;
import org.apache.activemq.artemis.jdbc.store.sql.PropertySQLProvider;
import org.apache.activemq.artemis.jdbc.store.sql.SQLProvider;

/**
 * Child JVM: ActiveMQ Artemis's JDBC file store (the paging / large-message store of a JDBC-backed
 * broker) over the application's HikariCP: {@link RealLeak#LEAKS} file factories built from the
 * DataSource (as each broker start does), each started, asked for its files and stopped. The leaking
 * release loses the connection it detects the dialect on, once per factory; the factory's own
 * connection is held from start to stop and closed. Args: leaky|fixed.
 */
public final class ArtemisJdbcStoreScenario {

    private static final String TABLE = "ARTEMIS_PAGE_STORE";

    public static void main(String[] args) throws Exception {
        boolean fixed = RealLeakScenarios.fixed(args);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (HikariDataSource ds = RealLeakScenarios.pool()) {
            RealLeakScenarios.execute(ds, "DROP TABLE IF EXISTS " + TABLE);
            SQLProvider sql = new PropertySQLProvider.Factory(ds).create(TABLE, SQLProvider.DatabaseStoreType.PAGE);
            AtomicReference<Throwable> ioError = new AtomicReference<>();
            for (int i = 0; i < RealLeak.LEAKS; i++) {
                // the leaking release loses one connection in here, each time
                JDBCSequentialFileFactory files = new JDBCSequentialFileFactory(ds, sql, executor,
                        (cause, message, file) -> ioError.compareAndSet(null, new IllegalStateException(message, cause)));
                files.start();
                List<String> pages = files.listFiles("page");
                files.stop();
                if (ioError.get() != null) {
                    throw new IllegalStateException("file store failed", ioError.get());
                }
                if (!pages.isEmpty()) {
                    throw new IllegalStateException("unexpected pages " + pages);
                }
            }
            RealLeakScenarios.finish("real leak ARTEMIS_JDBC_STORE", fixed, JDBCSequentialFileFactory.class);
        } catch (Exception | Error e) {
            e.printStackTrace();
            Probe.emit("error", e.toString());
        } finally {
            executor.shutdownNow();
        }
    }
}
