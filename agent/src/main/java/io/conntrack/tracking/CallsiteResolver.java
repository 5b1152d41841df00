package io.conntrack.tracking;

import java.util.EnumSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds the callsite of an acquisition by walking the current stack: past the agent's own frames and
 * the instrumented method, skipping infrastructure, to the first application frame (or the first pool
 * frame, which makes the connection pool-owned). Each frame is classified by its class's name
 * ({@link FrameClassifier}); the callsite of the frame found is looked up per class (CallsiteRegistry).
 */
final class CallsiteResolver {

    private static final StackWalker WALKER =
            StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 16);

    private final CallsiteRegistry registry;
    private final FrameClassifier classifier;

    CallsiteResolver(CallsiteRegistry registry, FrameClassifier classifier) {
        this.registry = registry;
        this.classifier = classifier;
    }

    /** The callsite of the acquisition whose exit advice is running on this thread. */
    Callsite resolve(Walk walk) {
        walk.reset();
        WALKER.walk(walk);
        Callsite c = walk.lookup(); // after the walk: no lock is ever taken inside the JDK's native walk frame
        return c == null ? registry.unknown : c;
    }

    /**
     * Whether an acquisition is in progress further down this thread's stack, below the one being
     * entered: a frame of {@code getConnection}/{@code connect} of a JDBC connection source. The
     * tracker asks only when its call depth says so and that looks doubtful: an exit lost to a
     * StackOverflowError would otherwise leave every later acquisition of the thread "nested".
     */
    static boolean insideAcquisition() {
        Boolean inside = WALKER.walk(frames -> frames
                .dropWhile(f -> isAgentRuntime(f.getDeclaringClass()))
                .skip(1) // the acquisition being entered
                .anyMatch(f -> isAcquisitionMethod(f.getMethodName()) && ACQUIRES.get(f.getDeclaringClass())));
        return inside;
    }

    /** Whether {@code DriverManager.getConnection} is on this thread's stack. */
    static boolean insideDriverManager() {
        Boolean inside = WALKER.walk(frames -> frames.anyMatch(
                f -> f.getMethodName().equals("getConnection") && f.getClassName().equals("java.sql.DriverManager")));
        return inside;
    }

    private static boolean isAcquisitionMethod(String name) {
        return name.equals("getConnection") || name.equals("connect");
    }

    /** Classes whose {@code getConnection}/{@code connect} are instrumented acquisitions. */
    private static final ClassValue<Boolean> ACQUIRES = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getName().contains("DataSource") || implementsByName(type);
        }
    };

    private static boolean implementsByName(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                String n = i.getName();
                if (n.equals("java.sql.Driver") || n.equals("javax.sql.DataSource") || n.equals("javax.sql.PooledConnection")
                        || n.equals("javax.sql.XAConnection") || implementsByName(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs a walk once, so the JDK stream classes it uses are initialized now: otherwise thousands of
     * virtual threads acquiring at once wait on that initialization pinned to their carriers (JFR showed
     * jdk.VirtualThreadPinned there on JDK 25).
     */
    static void warmUp() {
        WALKER.walk(frames -> frames.filter(f -> f.getLineNumber() < -1).findFirst().orElse(null));
    }

    /**
     * One reusable walk per thread: a predicate that skips agent frames and the instrumented method,
     * then stops at the first application or pool frame.
     */
    final class Walk implements Function<Stream<StackWalker.StackFrame>, Object>, Predicate<StackWalker.StackFrame> {
        private boolean pastAgent;
        private boolean pastInstrumented;
        private FrameClassifier.Kind found;
        private StackWalker.StackFrame foundFrame;
        void reset() {
            pastAgent = false;
            pastInstrumented = false;
            found = null;
            foundFrame = null;
        }

        /**
         * Runs inside the JDK's (native) stack walk: finds the frame, takes no lock. A contended
         * monitor here would pin a virtual thread to its carrier.
         */
        @Override
        public Object apply(Stream<StackWalker.StackFrame> frames) {
            foundFrame = frames.filter(this).findFirst().orElse(null);
            return null;
        }

        /** After the walk: the callsite of the frame found, registered on first sight. */
        Callsite lookup() {
            StackWalker.StackFrame f = foundFrame;
            foundFrame = null;
            if (f == null) {
                return null;
            }
            return registry.lookup(f.getDeclaringClass(), f.getMethodName(), f.getDescriptor(), f.getByteCodeIndex(),
                    found == FrameClassifier.Kind.POOL, f);
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
            FrameClassifier.Kind k = type.isSynthetic() ? FrameClassifier.Kind.INFRA : classifier.classify(type.getName());
            if (k == FrameClassifier.Kind.INFRA) {
                return false;
            }
            found = k;
            return true;
        }
    }

    private static boolean isAgentRuntime(Class<?> type) {
        return AcquireStack.isAgentRuntime(type.getName());
    }
}
