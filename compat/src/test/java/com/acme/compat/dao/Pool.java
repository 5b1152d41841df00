package com.acme.compat.dao;

import com.acme.compat.harness.Versions;
import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;

/** The pools of the matrix, each built with at most {@link #MAX} connections; NONE means DriverManager. */
public enum Pool {
    NONE("no pool (DriverManager)", null),
    HIKARI("HikariCP", "HikariCP"),
    DBCP2("DBCP2", "commons-dbcp2"),
    TOMCAT("Tomcat JDBC", "tomcat-jdbc"),
    C3P0("c3p0", "c3p0"),
    AGROAL("Agroal", "agroal-pool");

    public static final int MAX = com.acme.compat.harness.WorkloadChecks.MAX_POOL;
    private final String label;
    private final String artifact;

    Pool(String label, String artifact) {
        this.label = label;
        this.artifact = artifact;
    }

    public String version() {
        return artifact == null ? label : Versions.of(label, artifact);
    }

    /** A new pool over {@code db}, or null for NONE. */
    public DataSource create(Db db) throws Exception {
        return create(db, MAX);
    }

    /** A new pool over {@code db} with at most {@code max} connections, or null for NONE. */
    public DataSource create(Db db, int max) throws Exception {
        switch (this) {
            case NONE:
                return null;
            case HIKARI: {
                HikariConfig c = new HikariConfig();
                c.setJdbcUrl(db.url);
                c.setUsername(db.user);
                c.setPassword(db.password);
                c.setMaximumPoolSize(max);
                c.setMinimumIdle(1);
                return new HikariDataSource(c);
            }
            case DBCP2: {
                BasicDataSource d = new BasicDataSource();
                d.setUrl(db.url);
                d.setUsername(db.user);
                d.setPassword(db.password);
                d.setMaxTotal(max);
                return d;
            }
            case TOMCAT: {
                PoolProperties p = new PoolProperties();
                p.setUrl(db.url);
                p.setDriverClassName(db.driverClass);
                p.setUsername(db.user);
                p.setPassword(db.password);
                p.setInitialSize(1);
                p.setMaxActive(max);
                p.setMaxIdle(max);
                p.setMinIdle(0);
                return new org.apache.tomcat.jdbc.pool.DataSource(p);
            }
            case C3P0: {
                ComboPooledDataSource d = new ComboPooledDataSource();
                d.setJdbcUrl(db.url);
                d.setUser(db.user);
                d.setPassword(db.password);
                d.setInitialPoolSize(1);
                d.setMinPoolSize(1);
                d.setMaxPoolSize(max);
                return d;
            }
            case AGROAL:
                return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(cp -> cp.maxSize(max).initialSize(1)
                                .acquisitionTimeout(Duration.ofSeconds(10))
                                .connectionFactoryConfiguration(cf -> cf.jdbcUrl(db.url)
                                        .principal(new NamePrincipal(db.user))
                                        .credential(new SimplePassword(db.password)))));
            default:
                throw new AssertionError(this);
        }
    }

    public static void close(DataSource ds) throws Exception {
        if (ds instanceof AutoCloseable) {
            ((AutoCloseable) ds).close();
        } else if (ds instanceof org.apache.tomcat.jdbc.pool.DataSource) {
            ((org.apache.tomcat.jdbc.pool.DataSource) ds).close(true);
        }
    }
}
