package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.faults.SoakScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Bounded memory under a steady stream of leaks: heap after GC, open records and callsites stay flat,
 * and every leak is counted. 35 s in the suite; {@code -Dsoak.minutes=10} (see agent/soak.sh) for the long run.
 */
class SoakIT {

    private static final Pattern SAMPLE = Pattern.compile(
            "SAMPLE (\\d+) heapKB (\\d+) openRecords (-?\\d+) callsites (-?\\d+) leaked (-?\\d+) leaksMade (\\d+)");

    @Test
    void heapAndAgentStateStayFlatWhileLeaksStreamIn() throws Exception {
        long seconds = Long.getLong("soak.minutes", 0) > 0 ? Long.getLong("soak.minutes") * 60 : Long.getLong("soak.seconds", 35);
        ChildJvm.Result r = ChildJvm.main(SoakScenario.class).jvmArg("-Xmx256m")
                .agentArgs("dumpDir=soak-dumps,maxDumps=5").args(String.valueOf(seconds))
                .timeout(Duration.ofSeconds(seconds + 120)).run().assertOk();
        List<long[]> samples = r.stdout.lines().map(SAMPLE::matcher).filter(Matcher::matches)
                .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6))})
                .collect(Collectors.toList());
        System.out.println("[harden] soak " + seconds + " s samples (second, heapKB, openRecords, callsites, leaked, leaksMade):");
        samples.forEach(s -> System.out.println("[harden]   " + java.util.Arrays.toString(s)));
        assertTrue(samples.size() >= seconds / 2 - 2, "too few samples\n" + r);

        // Skip warm-up (class loading, JIT, H2 start); compare the first and last third of the rest.
        List<long[]> steady = samples.subList(2, samples.size() - 1);
        int third = Math.max(1, steady.size() / 3);
        long earlyHeap = median(steady.subList(0, third), 1);
        long lateHeap = median(steady.subList(steady.size() - third, steady.size()), 1);
        assertTrue(lateHeap <= earlyHeap * 5 / 4 + 8 * 1024,
                "heap after GC grew from " + earlyHeap + " KB to " + lateHeap + " KB\n" + r.stdout);

        long maxOpen = steady.stream().mapToLong(s -> s[2]).max().orElse(0);
        assertTrue(maxOpen <= 2_000, "open records pile up (max " + maxOpen + "): leak cleanup does not keep up");
        for (long[] s : samples) {
            assertEquals(2, s[3], "callsites must stay 2 (borrow and leak)");
        }

        long[] last = samples.get(samples.size() - 1);
        assertEquals(last[5], last[4], "every leaked connection is counted once: made " + last[5] + ", counted " + last[4]);
        assertEquals(0, last[2], "no open record is left after the last leak was collected");
        JsonNode app = r.snapshot().get("totals").get("application");
        assertEquals(0, app.get("open").asLong());
        assertEquals(last[5], app.get("leaked").asLong());
        assertTrue(last[5] >= seconds * 20, "leak rate too low to prove anything: " + last[5] + " in " + seconds + " s");
    }

    private static long median(List<long[]> rows, int column) {
        long[] v = rows.stream().mapToLong(s -> s[column]).sorted().toArray();
        return v[v.length / 2];
    }
}
