package com.widgetify.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** The HikariCP pool over a fresh H2 in-memory database, with the schema created and widgets seeded. */
public final class Database {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private Database() {
    }

    public static HikariDataSource create(int poolSize, long connectionTimeoutMillis, int widgetCount) throws SQLException {
        HikariConfig config = new HikariConfig();
        // Each instance its own database, so tests can run several services in one JVM.
        config.setJdbcUrl("jdbc:h2:mem:widgetify" + INSTANCES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setPoolName("widgetify");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setConnectionTimeout(connectionTimeoutMillis);
        // As in most deployments: HikariCP's own leak detection is off.
        config.setLeakDetectionThreshold(0);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            createSchema(dataSource, widgetCount);
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    private static void createSchema(HikariDataSource dataSource, int widgetCount) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table widget (id bigint primary key, name varchar(100) not null, "
                    + "price_cents bigint not null, stock int not null)");
            s.execute("create table orders (id bigint auto_increment primary key, widget_id bigint not null, "
                    + "quantity int not null, total_cents bigint not null, status varchar(20) not null, "
                    + "payment_id varchar(64))");
            s.execute("create table review (id bigint auto_increment primary key, widget_id bigint not null, "
                    + "stars int not null)");
            try (PreparedStatement w = c.prepareStatement("insert into widget values (?, ?, ?, ?)");
                 PreparedStatement r = c.prepareStatement("insert into review (widget_id, stars) values (?, ?)")) {
                for (int id = 1; id <= widgetCount; id++) {
                    w.setLong(1, id);
                    w.setString(2, "Widget #" + id);
                    w.setLong(3, 199 + 37L * id);
                    w.setInt(4, 10 + id % 7);
                    w.addBatch();
                    for (int k = 0; k < 3; k++) {
                        r.setLong(1, id);
                        r.setInt(2, 1 + (id + k) % 5);
                        r.addBatch();
                    }
                }
                w.executeBatch();
                r.executeBatch();
            }
        }
    }
}
