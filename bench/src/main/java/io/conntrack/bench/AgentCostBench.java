package io.conntrack.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Benchmark 1, the agent's own cost: acquire + close on a DataSource that does no I/O, from a stack
 * {@code depth} frames deeper than JMH's own frames. The returned connection escapes, as a real one does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AgentCostBench {
    // The call stack is "depth" helper frames above JMH's own (about 8 frames incl. Thread.run).

    @Param({"10", "50"})
    public int depth;

    private final TrivialDataSource ds = new TrivialDataSource();

    @Benchmark
    public Connection acquireClose() throws SQLException {
        return Stack.acquireCloseAt(depth, ds);
    }

    @TearDown(Level.Trial)
    public void verifyTracked() {
        AgentProbe.verify("AgentCostBench");
    }
}
