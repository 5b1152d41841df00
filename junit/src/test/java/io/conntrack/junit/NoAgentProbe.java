package io.conntrack.junit;

import io.conntrack.junit.samples.LeakingSample;

/**
 * Runs in a child JVM without {@code -javaagent} (NoAgentTest): runs a sample through the engine and
 * prints each test's outcome as {@code RESULT <method> <status> <message>} and each report entry as
 * {@code ENTRY <method> <value>}. Arguments: configuration parameters, as name value pairs.
 */
public final class NoAgentProbe {

    private NoAgentProbe() {
    }

    public static void main(String[] args) {
        SampleRun run = SampleRun.of(LeakingSample.class, args);
        run.results.forEach((method, r) -> System.out.println("RESULT " + method + " " + r.getStatus() + " "
                + r.getThrowable().map(t -> t.getClass().getName() + ": " + t.getMessage()).orElse("")));
        run.reportEntries.forEach((method, entries) -> entries.forEach(e -> System.out.println("ENTRY " + method + " " + e)));
    }
}
