package io.conntrack.tracking;

import java.util.EnumSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds the callsite of an acquisition by walking the current stack: past the agent's own frames and
 * the instrumented method, skipping infrastructure, to the first application frame (or the first pool
 * frame, which makes the connection pool-owned). Frames are classified by class, cached per class.
 */
final class CallsiteResolver {

    private static final StackWalker WALKER =
            StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 16);

    private final CallsiteRegistry registry;
    private final ClassValue<FrameClassifier.Kind> kinds;

    CallsiteResolver(CallsiteRegistry registry, FrameClassifier classifier) {
        this.registry = registry;
        this.kinds = new ClassValue<FrameClassifier.Kind>() {
            @Override
            protected FrameClassifier.Kind computeValue(Class<?> type) {
                if (type.isSynthetic()) {
                    return FrameClassifier.Kind.INFRA;
                }
                return classifier.classify(type.getName());
            }
        };
    }

    /** The callsite of the acquisition whose exit advice is running on this thread. */
    Callsite resolve(Walk walk) {
        walk.reset();
        Callsite c = WALKER.walk(walk);
        return c == null ? registry.unknown : c;
    }

    /** The acquiring stack, from the caller of the instrumented method down. */
    StackTraceElement[] captureStack() {
        return WALKER.walk(CAPTURE);
    }

    /** Keeps at most this many frames of an acquiring stack. */
    static final int MAX_STACK_DEPTH = 128;

    private static final Function<Stream<StackWalker.StackFrame>, StackTraceElement[]> CAPTURE = frames -> frames
            .dropWhile(f -> isAgentRuntime(f.getDeclaringClass())) // keeps the instrumented method: it names the pool
            .limit(MAX_STACK_DEPTH)
            .map(StackWalker.StackFrame::toStackTraceElement)
            .toArray(StackTraceElement[]::new);

    /**
     * One reusable walk per thread: a predicate that skips agent frames and the instrumented method,
     * then stops at the first application or pool frame.
     */
    final class Walk implements Function<Stream<StackWalker.StackFrame>, Callsite>, Predicate<StackWalker.StackFrame> {
        private boolean pastAgent;
        private boolean pastInstrumented;
        private int skipped;
        private FrameClassifier.Kind found;
        /** Set when the callsite frame called the instrumented method directly; cleared after use. */
        Class<?> directType;
        String directMethod;
        String directDescriptor;

        void reset() {
            pastAgent = false;
            pastInstrumented = false;
            skipped = 0;
            found = null;
            clearDirect();
        }

        /** Drops the class reference, so a thread's walk never pins a class loader. */
        void clearDirect() {
            directType = null;
            directMethod = null;
            directDescriptor = null;
        }

        @Override
        public Callsite apply(Stream<StackWalker.StackFrame> frames) {
            StackWalker.StackFrame f = frames.filter(this).findFirst().orElse(null);
            if (f == null) {
                return null;
            }
            String method = f.getMethodName();
            Callsite c = registry.lookup(f.getDeclaringClass(), method, f.getByteCodeIndex(),
                    found == FrameClassifier.Kind.POOL, f);
            if (skipped == 0 && found == FrameClassifier.Kind.APP && !c.markRequested) {
                directType = f.getDeclaringClass();
                directMethod = method;
                directDescriptor = f.getDescriptor();
            }
            return c;
        }

        @Override
        public boolean test(StackWalker.StackFrame f) {
            Class<?> type = f.getDeclaringClass();
            if (!pastAgent) {
                if (isAgentRuntime(type)) {
                    return false;
                }
                pastAgent = true;
            }
            if (!pastInstrumented) {
                pastInstrumented = true; // the instrumented getConnection/connect itself
                return false;
            }
            FrameClassifier.Kind k = kinds.get(type);
            if (k == FrameClassifier.Kind.INFRA) {
                skipped++;
                return false;
            }
            found = k;
            return true;
        }
    }

    private static boolean isAgentRuntime(Class<?> type) {
        String n = type.getName();
        return n.startsWith("io.conntrack.bootstrap.") || n.startsWith("io.conntrack.tracking.");
    }
}
