package io.conntrack.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Benchmark 4, contention (thread count set by the runner): every thread on one callsite, or each
 * thread cycling over {@link Callsites1000}'s 1,000 distinct callsites. No-I/O DataSource, as in benchmark 1.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContentionBench {

    @State(Scope.Thread)
    public static class PerThread {
        final TrivialDataSource ds = new TrivialDataSource();
        int next;
    }

    @State(Scope.Benchmark)
    public static class Verifier {
        @TearDown(Level.Trial)
        public void verifyTracked() {
            AgentProbe.verify("ContentionBench");
        }
    }

    @Benchmark
    public Connection oneCallsite(PerThread t, Verifier v) throws SQLException {
        Connection c = t.ds.getConnection();
        c.close();
        return c;
    }

    @Benchmark
    public Connection manyCallsites(PerThread t, Verifier v) throws SQLException {
        int i = t.next;
        t.next = i + 1 == Callsites1000.COUNT ? 0 : i + 1;
        Connection c = Callsites1000.open(i, t.ds);
        c.close();
        return c;
    }
}
