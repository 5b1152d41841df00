package io.conntrack.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Benchmarks 2 and 3: a HikariCP borrow + close over in-memory H2, without and with one {@code SELECT 1}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HikariBench {

    private HikariDataSource pool;

    @Setup(Level.Trial)
    public void openPool() {
        pool = HikariPool.open("bench", 4);
    }

    @Benchmark
    public Connection borrowClose() throws SQLException {
        Connection c = pool.getConnection();
        c.close();
        return c;
    }

    @Benchmark
    public int borrowSelect1() throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @TearDown(Level.Trial)
    public void closePool() {
        AgentProbe.verify("HikariBench");
        pool.close();
    }
}
