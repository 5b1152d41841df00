package com.acme.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.CompatResults;
import com.acme.compat.harness.KnownAgentBugs;
import com.acme.compat.harness.ScenarioRun;
import com.acme.compat.harness.Servers;
import com.acme.compat.realleak.RealLeak;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real libraries' released versions with a known, fixed connection leak (see {@link RealLeak}): the
 * leaking release must make ConnTrack name the line the upstream fix changed and show a stack of a
 * leaked connection through it (and, where the library wraps the pool, give the losses to the real
 * pool); the fixed release must leave ConnTrack silent. One child JVM per case and release.
 */
@ExtendWith(CompatResults.class)
class RealLeaksIT {

    static final String AGENT_OPTIONS = "holdThreshold=3s,limit=4,dumpInterval=0ms,stacks=all";
    private static final Map<String, ScenarioRun.Result> RUNS = new HashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (RealLeak c : RealLeak.values()) {
            out.add(Arguments.of(c, false));
            out.add(Arguments.of(c, true));
        }
        return out.stream();
    }

    private static synchronized ScenarioRun.Result run(RealLeak c, boolean fixed) {
        return RUNS.computeIfAbsent(c.name() + fixed, k -> ScenarioRun.run(runName(c, fixed), c.scenario,
                AGENT_OPTIONS, c.jars(fixed), fixed ? "fixed" : "leaky"));
    }

    private static String runName(RealLeak c, boolean fixed) {
        return "RealLeaksIT-" + c.name() + "-" + c.version(fixed);
    }

    @ParameterizedTest(name = "{0} fixed={1}")
    @MethodSource("cases")
    void leakingReleaseIsNamedAtTheFixedLineAndFixedReleaseIsSilent(RealLeak c, boolean fixed) throws Throwable {
        String release = c.version(fixed) + (fixed ? " (fixed)" : " (leaking)");
        String libraries = c.artifacts.get(0) + " " + c.version(fixed) + ", " + Pool.HIKARI.version() + ", "
                + Db.POSTGRES.version();
        String line = "`" + c.fixedLine + "` (" + c.kind.name().toLowerCase() + ", "
                + c.shape.name().toLowerCase().replace('_', '+') + ")";
        CompatResults.describeCells("Real leaks", c.name() + " " + release, libraries, c.upstream, line, "(did not run)");
        Servers.POSTGRES.require();
        ScenarioRun.Result r = run(c, fixed).assertClean();
        assertFalse(r.has("error"), () -> "scenario threw: " + r.get("error") + "\n" + r.describe());
        String jar = r.get("libraryJar").asText();
        assertTrue(jar.startsWith(c.artifacts.get(0) + "-" + c.version(fixed) + ".jar"),
                "the child loaded " + c.artifacts.get(0) + " from " + jar + ", not release " + c.version(fixed));
        JsonNode dump = r.get("dump");
        CompatResults.describeCells("Real leaks", c.name() + " " + release, libraries, c.upstream, line,
                fixed ? silence(dump) : named(c, dump));
        String id = c.name() + "/" + (fixed ? "fixed" : "leaky");
        if (fixed) {
            KnownAgentBugs.run(id, () -> checkSilent(c, r, dump));
        } else {
            KnownAgentBugs.run(id, () -> checkNamed(c, r, dump));
        }
    }

    /** The leaking release: the fixed line named first, with a leaked connection's stack through it; the real pool charged. */
    private static void checkNamed(RealLeak c, ScenarioRun.Result r, JsonNode dump) {
        String ctx = "\n" + r.get("dumpText").asText();
        assertTrue(r.get("leaksFound").asBoolean(), "the scenario's " + RealLeak.LEAKS + " leaks were not all found by GC" + ctx);
        JsonNode first = firstApplicationCallsite(dump);
        assertNotNull(first, "no application callsite in the dump" + ctx);
        assertEquals(c.fixedLine, namedLine(c, first), "the dump's first-ranked line" + ctx);

        JsonNode evidence = c.kind == RealLeak.Kind.DROPPED ? first.path("recentLeaks") : first.path("oldestOpen");
        String field = c.kind == RealLeak.Kind.DROPPED ? "recentLeaks" : "oldestOpen";
        assertTrue(evidence.size() > 0, "the first-ranked callsite has no " + field + ": no leaked connection's stack is shown" + ctx);
        String stackId = evidence.get(0).path("acquireStack").asText(null);
        assertNotNull(stackId, field + "[0].acquireStack is null with stacks=all" + ctx);
        List<String> frames = new ArrayList<>();
        dump.path("stacks").path(stackId).forEach(f -> frames.add(f.asText()));
        assertTrue(frames.contains(c.fixedLine), "stack " + stackId + " of " + field + "[0] does not contain " + c.fixedLine
                + ": " + frames + ctx);

        if (c.wrapperClass != null) {
            JsonNode hikari = null;
            for (JsonNode p : dump.path("pools")) {
                assertFalse(p.path("class").asText().equals(c.wrapperClass),
                        "the library's wrapper " + c.wrapperClass + " is listed as a pool: " + p + ctx);
                if (p.path("type").asText().equals("hikari")) {
                    hikari = p;
                }
            }
            assertNotNull(hikari, "the application's HikariCP pool is not in pools[]: " + dump.path("pools") + ctx);
            assertTrue(hikari.path("lost").asLong() >= RealLeak.LEAKS,
                    "the HikariCP pool is not charged with the " + RealLeak.LEAKS + " leaks: " + hikari + ctx);
        }
    }

    /** The fixed release: nothing leaked, nothing open, no callsite held long, no trigger dump written. */
    private static void checkSilent(RealLeak c, ScenarioRun.Result r, JsonNode dump) throws IOException {
        String ctx = "\n" + r.get("dumpText").asText();
        assertFalse(r.get("leaksFound").asBoolean(), "the fixed release leaked" + ctx);
        JsonNode app = dump.get("totals").get("application");
        assertEquals(0, app.get("leaked").asLong(), "leaked" + ctx);
        assertEquals(0, app.get("open").asLong(), "open" + ctx);
        for (JsonNode s : dump.get("callsites")) {
            assertFalse(s.get("heldPastThreshold").asBoolean() || s.get("overLimit").asBoolean(), s + ctx);
        }
        Path dir = Paths.get("target", "conntrack-dumps", runName(c, true));
        try (Stream<Path> files = Files.list(dir)) {
            List<String> triggered = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.contains("-onDemand")).collect(Collectors.toList());
            assertEquals(List.of(), triggered, "dumps other than the scenario's own on-demand one" + ctx);
        }
    }

    private static JsonNode firstApplicationCallsite(JsonNode dump) {
        for (JsonNode s : dump.get("callsites")) {
            if (!s.get("poolOwned").asBoolean()) {
                return s;
            }
        }
        return null;
    }

    /**
     * The line the dump names for a case: where a helper hides the leaking caller, its {@code blame.frame}
     * (else its callsite); for a direct leak, the callsite itself (a blame the agent may add there, such as
     * the application line that sends Camel its INSERTs, is more, not other, information).
     */
    private static String namedLine(RealLeak c, JsonNode callsite) {
        JsonNode blame = callsite.path("blame");
        boolean useBlame = c.shape != RealLeak.Shape.DIRECT && blame.isObject() && blame.hasNonNull("frame");
        return useBlame ? blame.get("frame").asText() : callsite.get("callsite").asText();
    }

    /** What today's agent reports for the leaking release, for the compatibility page. */
    private static String named(RealLeak c, JsonNode dump) {
        JsonNode first = firstApplicationCallsite(dump);
        if (first == null) {
            return "no application callsite";
        }
        StringBuilder b = new StringBuilder("`").append(namedLine(c, first)).append("`");
        b.append(namedLine(c, first).equals(first.get("callsite").asText()) ? " (callsite)" : " (blame)");
        b.append(", leaked ").append(first.get("leaked").asLong()).append(" closed ").append(first.get("closed").asLong());
        JsonNode evidence = c.kind == RealLeak.Kind.DROPPED ? first.path("recentLeaks") : first.path("oldestOpen");
        String stackId = evidence.size() > 0 ? evidence.get(0).path("acquireStack").asText(null) : null;
        b.append("; stack: ").append(stackId == null ? "none shown" : "shown");
        List<String> pools = new ArrayList<>();
        dump.path("pools").forEach(p -> pools.add(p.path("type").asText() + " " + simple(p.path("class").asText())
                + " lost " + p.path("lost").asText()));
        b.append("; pools: ").append(String.join(", ", pools));
        return b.toString();
    }

    private static String silence(JsonNode dump) {
        JsonNode app = dump.get("totals").get("application");
        return "leaked " + app.get("leaked").asLong() + ", open " + app.get("open").asLong() + ", acquired "
                + app.get("acquired").asLong() + ", closed " + app.get("closed").asLong();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
