package io.conntrack.bench;

import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Benchmark 1b, no agent: what the agent's per-acquisition stack work costs on its own, from the same
 * depths as benchmark 1. {@code firstFrame} walks like the callsite resolver (skip a few frames, take
 * the first); {@code fullStack} captures up to 128 frames as StackTraceElements, like stacks=all.
 * Two candidate replacements for the lead's decision: {@code firstFrameSmallBatch} (same walk with the
 * smallest first batch, 8 frames, instead of 16) and {@code throwableOnly} ({@code new Throwable()}: the
 * JVM records the backtrace in native form; frames would be decoded later, only when a dump needs them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StackWalkBench {

    private static final StackWalker WALKER =
            StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 16);
    private static final Function<Stream<StackWalker.StackFrame>, Optional<StackWalker.StackFrame>> FIRST =
            s -> s.skip(2).findFirst();
    private static final Function<Stream<StackWalker.StackFrame>, StackTraceElement[]> FULL =
            s -> s.limit(128).map(StackWalker.StackFrame::toStackTraceElement).toArray(StackTraceElement[]::new);

    private static final StackWalker SMALL_BATCH_WALKER =
            StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 1);

    @Param({"10", "50"})
    public int depth;

    @Benchmark
    public Object firstFrame() {
        return at(depth, 0);
    }

    @Benchmark
    public Object fullStack() {
        return at(depth, 1);
    }

    @Benchmark
    public Object firstFrameSmallBatch() {
        return at(depth, 2);
    }

    @Benchmark
    public Object throwableOnly() {
        return at(depth, 3);
    }

    private static Object at(int depth, int what) {
        if (depth > 0) {
            return at(depth - 1, what);
        }
        switch (what) {
            case 0: return WALKER.walk(FIRST).orElse(null);
            case 1: return WALKER.walk(FULL);
            case 2: return SMALL_BATCH_WALKER.walk(FIRST).orElse(null);
            default: return new Throwable();
        }
    }
}
