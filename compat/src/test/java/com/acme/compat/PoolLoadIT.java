package com.acme.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.compat.dao.Pool;
import com.acme.compat.harness.CompatResults;
import com.acme.compat.harness.ScenarioRun;
import com.acme.compat.scenario.PoolLoadScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.SourceLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 29, defect 1: under load, ConnTrack never counts more connections open than the pool has. 16
 * threads borrow and close in a tight loop on a pool of 4 over H2, no leak, with
 * {@code limit=4,totalLimit=4}: the application's open peak and each callsite's peak stay within the
 * pool's maximum (and reach it: the pool was saturated), so do the pool's physical connections, every
 * borrow is counted as closed, no trigger fires, no dump is written, nothing is logged as a warning.
 * One child JVM per pool.
 */
@ExtendWith(CompatResults.class)
class PoolLoadIT {

    static final int MAX = 4;
    static final int THREADS = 16;
    static final long MILLIS = 2000;
    /** How each dump's WARN line begins (stderr, or the application's SLF4J): {@code ConnTrack <trigger>: }. */
    private static final Pattern DUMP_WARNING = Pattern.compile("ConnTrack [A-Za-z]+: ");

    static Stream<Pool> pools() {
        String only = System.getProperty("compat.pool", "");
        return Arrays.stream(Pool.values()).filter(p -> p != Pool.NONE && (only.isEmpty() || only.contains(p.name())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    void countsNeverPassThePoolsMaximum(Pool pool) throws Exception {
        CompatResults.describe("Pools under load", pool.name(), pool.version() + ", H2",
                THREADS + " threads on a pool of max " + MAX + " for " + MILLIS / 1000 + " s, no leak, limit=totalLimit=" + MAX
                        + ": application peak = max, callsite and physical peaks <= max, all closed, no trigger, no dump, no warning");
        String name = "PoolLoad-" + pool.name();
        Path dumps = emptied(Paths.get("target", "conntrack-dumps", name).toAbsolutePath());
        ScenarioRun.Result r = ScenarioRun.run(name, PoolLoadScenario.class,
                "limit=" + MAX + ",totalLimit=" + MAX + ",dumpInterval=0ms", List.of(),
                pool.name(), String.valueOf(MAX), String.valueOf(THREADS), String.valueOf(MILLIS)).assertClean();

        JsonNode load = r.get("load");
        long borrows = load.get(0).asLong();
        String ctx = "\n" + pool + ": " + borrows + " borrows in " + load.get(2).asLong() + " ms, the threads held at most "
                + load.get(1).asLong() + " at once\n" + r.describe();
        JsonNode after = r.get("after");
        JsonNode app = after.get("totals").get("application");
        assertEquals(0, app.get("open").asLong(), app + ctx);
        assertEquals(borrows, app.get("acquired").asLong(), app + ctx);
        assertEquals(borrows, app.get("closed").asLong(), app + ctx);
        assertEquals(0, app.get("leaked").asLong(), app + ctx);
        assertEquals(0, app.get("failed").asLong(), app + ctx);
        assertEquals(MAX, load.get(1).asLong(), "the load did not saturate the pool: the threads never held " + MAX + " at once" + ctx);
        assertEquals(MAX, app.get("peak").asLong(), "application open peak: at most the pool's maximum, and at least what the threads held: " + app + ctx);
        JsonNode physical = after.get("totals").get("pool");
        assertTrue(physical.get("peak").asLong() <= MAX, "more physical connections at once than the pool has: " + physical + ctx);
        assertEquals(0, physical.get("leaked").asLong(), physical + ctx);

        String a = SourceLines.frame(PoolLoadScenario.class, "borrowA", "// BORROW-A");
        String b = SourceLines.frame(PoolLoadScenario.class, "borrowB", "// BORROW-B");
        long atSites = 0;
        for (JsonNode c : after.get("callsites")) {
            if (c.get("poolOwned").asBoolean()) {
                assertTrue(c.get("open").asLong() <= MAX, "more physical connections than the pool has: " + c + ctx);
                continue;
            }
            String site = c.get("callsite").asText();
            assertTrue(site.equals(a) || site.equals(b), "an application callsite but the two borrowing lines: " + c + ctx);
            assertTrue(c.get("peak").asLong() <= MAX, "callsite peak above the pool's maximum: " + c + ctx);
            assertTrue(c.get("peak").asLong() >= 1, c + ctx);
            assertEquals(c.get("acquired").asLong(), c.get("closed").asLong(), c + ctx);
            atSites += c.get("acquired").asLong();
        }
        assertEquals(borrows, atSites, "every borrow at one of the two lines" + ctx);

        assertEquals("[]", r.get("triggers").toString(), "no trigger fired" + ctx);
        System.out.println("PoolLoadIT " + pool + ": " + borrows + " borrows by " + THREADS + " threads in " + load.get(2).asLong()
                + " ms; peaks: application " + app.get("peak").asLong() + ", physical " + physical.get("peak").asLong()
                + ", the threads' own count " + load.get(1).asLong() + "; max " + MAX);
        try (Stream<Path> files = Files.list(dumps)) {
            List<String> triggered = files.map(f -> f.getFileName().toString()).filter(f -> !f.contains("-onDemand"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), triggered, "no dump written but the scenario's own on-demand ones" + ctx);
        }
        for (String out : List.of(r.stdout, r.stderr)) {
            List<String> warned = out.lines().filter(l -> DUMP_WARNING.matcher(l).find() && !l.contains("ConnTrack onDemand: "))
                    .collect(Collectors.toList());
            assertEquals(List.of(), warned, "no dump's WARN line but the scenario's on-demand ones" + ctx);
        }
    }

    private static Path emptied(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path f : old.collect(Collectors.toList())) {
                    Files.delete(f);
                }
            }
        }
        return dir;
    }
}
