package io.conntrack.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * One run of a sample class through the Jupiter engine (in this JVM), by test method name; a
 * {@code @TestFactory} is its method name, its dynamic tests {@code factory/displayName}.
 */
final class SampleRun {

    final Map<String, TestExecutionResult> results = new LinkedHashMap<>();
    final Map<String, List<String>> reportEntries = new LinkedHashMap<>();
    final EngineExecutionResults raw;

    private SampleRun(EngineExecutionResults raw) {
        this.raw = raw;
        for (Event e : raw.allEvents().list()) {
            String name = name(e.getTestDescriptor());
            if (name == null) {
                continue; // the engine, a class
            }
            if (e.getType() == EventType.FINISHED) {
                results.put(name, e.getRequiredPayload(TestExecutionResult.class));
            } else if (e.getType() == EventType.REPORTING_ENTRY_PUBLISHED) {
                reportEntries.computeIfAbsent(name, k -> new ArrayList<>())
                        .addAll(e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().values());
            }
        }
    }

    static SampleRun of(Class<?> sample, String... parameters) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample));
        for (int i = 0; i < parameters.length; i += 2) {
            kit.configurationParameter(parameters[i], parameters[i + 1]);
        }
        return new SampleRun(kit.execute());
    }

    /** A test method's name, a dynamic test's {@code factory/displayName}; null for a class or the engine. */
    private static String name(TestDescriptor d) {
        List<UniqueId.Segment> segments = d.getUniqueId().getSegments();
        if (segments.get(segments.size() - 1).getType().startsWith("dynamic-")) {
            return d.getParent().map(SampleRun::name).orElse("?") + "/" + d.getDisplayName();
        }
        return d.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName()).orElse(null);
    }

    TestExecutionResult result(String method) {
        TestExecutionResult r = results.get(method);
        if (r == null) {
            throw new AssertionError("no result for " + method + " in " + results.keySet());
        }
        return r;
    }

    boolean passed(String method) {
        return result(method).getStatus() == TestExecutionResult.Status.SUCCESSFUL;
    }

    /** The failure's message (with suppressed failures' messages after it); fails when the test passed. */
    String failure(String method) {
        Optional<Throwable> t = result(method).getThrowable();
        if (!t.isPresent()) {
            throw new AssertionError(method + " passed; expected a failure");
        }
        StringBuilder b = new StringBuilder(String.valueOf(t.get().getMessage()));
        for (Throwable s : t.get().getSuppressed()) {
            b.append("\n[suppressed ").append(s.getClass().getName()).append("] ").append(s.getMessage());
        }
        return b.toString();
    }

    List<String> entries(String method) {
        return reportEntries.getOrDefault(method, new ArrayList<>());
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        results.forEach((m, r) -> b.append(m).append(": ").append(r.getStatus())
                .append(r.getThrowable().map(t -> " " + t).orElse("")).append('\n'));
        return b.toString();
    }
}
