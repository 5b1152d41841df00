package com.acme.compat.realleak;

import com.acme.compat.harness.Probe;
import com.zaxxer.hikari.HikariDataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.springframework.boot.autoconfigure.jooq.JooqProperties;

/**
 * Child JVM: Spring Boot's jOOQ auto-configuration without {@code spring.jooq.sql-dialect} over the
 * application's HikariCP: {@link RealLeak#LEAKS} configurations (as each application context, or each
 * test's context, builds its jOOQ configuration) ask {@code JooqProperties.determineSqlDialect} for the
 * dialect, which the leaking release reads from a connection it never closes; {@link RealLeak#HEALTHY}
 * queries through the resulting DSLContext close theirs. Args: leaky|fixed.
 */
public final class SpringBootJooqDialectScenario {

    public static void main(String[] args) throws Exception {
        boolean fixed = RealLeakScenarios.fixed(args);
        try (HikariDataSource ds = RealLeakScenarios.pool()) {
            SQLDialect dialect = null;
            for (int i = 0; i < RealLeak.LEAKS; i++) {
                dialect = new JooqProperties().determineSqlDialect(ds); // the leaking release loses one here
            }
            if (dialect != SQLDialect.POSTGRES) {
                throw new IllegalStateException("detected " + dialect);
            }
            DSLContext dsl = DSL.using(ds, dialect);
            for (int i = 0; i < RealLeak.HEALTHY; i++) {
                int one = dsl.selectOne().fetchOne(0, Integer.class);
                if (one != 1) {
                    throw new IllegalStateException("select 1 gave " + one);
                }
            }
            RealLeakScenarios.finish("real leak SPRING_BOOT_JOOQ_DIALECT", fixed, JooqProperties.class);
        } catch (Exception | Error e) {
            e.printStackTrace();
            Probe.emit("error", e.toString());
        }
    }
}
