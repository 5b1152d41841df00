package com.acme.compat.realleak;

import com.acme.compat.harness.Probe;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Iterator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Child JVM: Apache Camel's sql component with {@code outputType=StreamList} over the application's
 * HikariCP (bound in the registry as {@code #ds}): {@link RealLeak#LEAKS} exchanges whose statement is
 * an INSERT (the leaking release never closes the connection of a statement without a result set) and
 * {@link RealLeak#HEALTHY} SELECT exchanges (their streamed rows, and connection, are closed when the
 * exchange completes). Args: leaky|fixed.
 */
public final class CamelSqlScenario {

    private static final String OPTIONS = "?dataSource=#ds&outputType=StreamList";

    public static void main(String[] args) throws Exception {
        boolean fixed = RealLeakScenarios.fixed(args);
        try (HikariDataSource ds = RealLeakScenarios.pool()) {
            RealLeakScenarios.execute(ds, "DROP TABLE IF EXISTS camel_audit",
                    "CREATE TABLE camel_audit (id SERIAL PRIMARY KEY, event VARCHAR(64) NOT NULL)");
            // created by name: the scenario compiles against camel-api only, the release brings the engine
            CamelContext camel = (CamelContext) Class.forName("org.apache.camel.impl.DefaultCamelContext")
                    .getDeclaredConstructor().newInstance();
            camel.getRegistry().bind("ds", ds);
            camel.start();
            try (ProducerTemplate producer = camel.createProducerTemplate()) {
                for (int i = 0; i < RealLeak.LEAKS; i++) {
                    // the leaking release loses the connection of each streamed statement that returns no rows
                    Exchange done = producer.send("sql:INSERT INTO camel_audit (event) VALUES ('shipped')" + OPTIONS, e -> { });
                    check(done.getException() == null, "insert failed: " + done.getException());
                }
                for (int i = 0; i < RealLeak.HEALTHY; i++) {
                    Exchange done = producer.send("sql:SELECT id, event FROM camel_audit ORDER BY id" + OPTIONS, e -> { });
                    check(done.getException() == null, "select failed: " + done.getException());
                    check(done.getMessage().getBody() instanceof Iterator, "no streamed rows: " + done.getMessage().getBody());
                }
                Object count = producer.requestBody("sql:SELECT COUNT(*) AS n FROM camel_audit?dataSource=#ds&outputType=SelectOne", (Object) null);
                check(count instanceof Number && ((Number) count).intValue() == RealLeak.LEAKS, "rows: " + count);
            } finally {
                camel.close();
            }
            RealLeakScenarios.finish("real leak CAMEL_SQL", fixed, Class.forName("org.apache.camel.component.sql.SqlProducer"));
        } catch (Exception | Error e) {
            e.printStackTrace();
            Probe.emit("error", e.toString());
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
