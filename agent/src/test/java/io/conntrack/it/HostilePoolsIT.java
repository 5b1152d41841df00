package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.StuckLoggerExitScenario;
import com.acme.pools.HostileDataSource;
import com.acme.pools.HostileDataSource.Mode;
import com.acme.pools.HostilePoolScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pool that hangs, sleeps, throws (with a secret in its message) or whose toString blocks must not
 * hang the JVM: the application's calls into ConnTrack (snapshot, dump), JMX and /metrics answer in
 * time, a leak elsewhere is still counted and dumped, and the JVM exits when main returns, within the
 * exit dump's deadline.
 */
class HostilePoolsIT {

    /**
     * The public API, JMX and /metrics answer within this (the pool reads in them are bounded at 200 ms; a
     * hostile pool waited on would take 5 s or forever). Room for a loaded 2-core machine.
     */
    private static final long ANSWER_BOUND_MILLIS = 2000;
    /** main returning to the JVM gone: the exit deadline (2 s) plus the JVM's own teardown on a loaded machine; a wait on a hung pool is 30 s or forever. */
    private static final long EXIT_BOUND_MILLIS = 2000 + 4000;
    private static final Pattern TOOK = Pattern.compile("TOOK (\\w+) (\\d+) (.*)");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aHostilePoolHangsNothing(Mode mode) throws Exception {
        Path dumps = tmp.resolve("dumps");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ChildJvm.Result r = ChildJvm.main(HostilePoolScenario.class).timeout(Duration.ofSeconds(60))
                .agentArgs("dumpDir=" + dumps + ",dumpInterval=0ms,metrics=127.0.0.1:" + port)
                .args(mode.name(), String.valueOf(port)).run();
        assertFalse(r.timedOut, "the JVM did not exit\n" + r);
        r.assertOk();

        for (String what : List.of("snapshotJson", "dump", "jmx", "jmxDumpJson", "jmxDumpText", "metrics", "httpDump")) {
            Matcher m = took(r, what);
            assertTrue(Long.parseLong(m.group(2)) < ANSWER_BOUND_MILLIS, what + " took " + m.group(2) + " ms\n" + r);
            assertFalse(m.group(3).equals("null"), what + " answered nothing\n" + r);
        }
        assertTrue(took(r, "metrics").group(3).equals("HTTP 200"), r.toString());
        assertTrue(took(r, "httpDump").group(3).equals("HTTP 200"), r.toString());
        long mainReturned = Long.parseLong(r.stdout.lines().filter(l -> l.startsWith("MAIN-RETURNS ")).findFirst()
                .orElseThrow().substring("MAIN-RETURNS ".length()));
        long exit = r.exitedAtMillis - mainReturned;
        assertTrue(exit < EXIT_BOUND_MILLIS, "the JVM took " + exit + " ms to exit after main returned\n" + r);

        // the leak in the healthy pool was counted and dumped while the hostile pool misbehaved
        String leak = SourceLines.frame(HostilePoolScenario.class, "leak", "// LEAK");
        JsonNode leakDump = DumpFiles.read(DumpFiles.single(dumps, "leak"));
        assertEquals(1, DumpFiles.callsite(leakDump, leak).get("leaked").asLong(), leakDump.toPrettyString());
        JsonNode exitDump = DumpFiles.read(DumpFiles.single(dumps, "exit"));
        assertEquals(1, exitDump.get("trigger").get("value").asLong());

        JsonNode onDemand = DumpFiles.read(DumpFiles.single(dumps, "onDemand"));
        JsonNode hostile = pool(onDemand, HostileDataSource.class.getName());
        JsonNode healthy = pool(onDemand, "com.zaxxer.hikari.HikariDataSource");
        assertEquals(1, healthy.get("lost").asLong(), healthy.toPrettyString());
        assertTrue(healthy.get("readError").isNull(), healthy.toPrettyString());
        String error = hostile.get("readError").asText(null);
        List<String> offLines = r.stderr.lines().filter(l -> l.contains("ConnTrack no longer calls into this pool")).collect(Collectors.toList());
        switch (mode) {
            case BLOCK:
            case SLEEP_5S:
                assertTrue(error.startsWith("did not answer within 200 ms (in HostileDataSource.getActiveConnections())")
                        || error.startsWith("still in its previous call HostileDataSource.getActiveConnections() after ")
                        || error.startsWith("calls into it are off: HostileDataSource.getActiveConnections() did not answer"), error);
                assertEquals(1, offLines.size(), "switched off with one line\n" + r.stderr);
                assertFalse(r.stdout.contains("CALLS-NOT-OFF"), r.stdout);
                String getter = SourceLines.frame(HostileDataSource.class, "getActiveConnections", mode == Mode.BLOCK ? "// BLOCKS" : "// SLEEPS");
                assertTrue(offLines.get(0).contains("pool 'HostileDataSource-1' (" + HostileDataSource.class.getName() + "): "
                        + "HostileDataSource.getActiveConnections() did not answer within 200 ms 3 times in a row"), offLines.get(0));
                assertTrue(offLines.get(0).contains(", at " + getter), offLines.get(0));
                assertTrue(pool(exitDump, HostileDataSource.class.getName()).get("readError").asText().startsWith("calls into it are off"));
                break;
            case THROWS:
            case THROWS_SECRET:
                assertEquals(THREW, error);
                assertTrue(offLines.isEmpty(), "a pool that throws answers: nothing is switched off\n" + r.stderr);
                assertThrewShownEverywhere(r, dumps);
                break;
            case TO_STRING_BLOCKS:
                assertNull(error);
                assertEquals(1, hostile.get("active").asLong());
                assertEquals("hostile\npool", hostile.get("name").asText());
                break;
            default:
                throw new AssertionError(mode);
        }
        assertTrue(r.stderr.lines().noneMatch(l -> l.startsWith("pool") || l.startsWith("[conntrack] ERROR forged")),
                "a pool's name or message never starts a line of its own\n" + r.stderr);
        assertSecretNowhere(r, dumps);
    }

    @org.junit.jupiter.api.Test
    void theExitWaitsForNoAppendersThatHangOnlyForTheExitDumpsDeadline() throws Exception {
        Path dumps = tmp.resolve("dumps");
        ChildJvm.Result r = ChildJvm.main(StuckLoggerExitScenario.class).timeout(Duration.ofSeconds(60))
                .agentArgs("dumpDir=" + dumps).run();
        assertFalse(r.timedOut, "the JVM did not exit\n" + r);
        r.assertOk();
        long mainReturned = Long.parseLong(r.stdout.lines().filter(l -> l.startsWith("MAIN-RETURNS ")).findFirst()
                .orElseThrow().substring("MAIN-RETURNS ".length()));
        long exit = r.exitedAtMillis - mainReturned;
        assertTrue(exit < EXIT_BOUND_MILLIS, "the JVM took " + exit + " ms to exit after main returned\n" + r);
        Path file = DumpFiles.single(dumps, "exit");
        String stuckAt = StuckLoggerExitScenario.Stuck.class.getName() + ".append(StuckLoggerExitScenario.java:"
                + SourceLines.lineOf(StuckLoggerExitScenario.class, "// STUCK") + ")";
        String line = r.stderr.lines().filter(l -> l.contains("exit dump incomplete")).findFirst().orElseThrow(() -> new AssertionError(r));
        assertEquals("[conntrack] WARN exit dump incomplete: logging the exit dump's WARN line (written to " + file
                + ") did not finish within 2000 ms, at " + stuckAt + "; the JVM exits without waiting longer (",
                line.substring(0, line.lastIndexOf('(') + 1));
    }

    /**
     * The pool's failing read is shown, by its exception's class and the method only, wherever a dump is:
     * the dump files (JSON and text), JMX's dumpJson and dumpText, HTTP /dump. So the secret's absence
     * from them (below) is looked for where the pool's failure is.
     */
    private static void assertThrewShownEverywhere(ChildJvm.Result r, Path dumps) throws Exception {
        String onDemand = Files.readString(DumpFiles.single(dumps, "onDemand"), StandardCharsets.UTF_8);
        String onDemandText = Files.readString(textOf(DumpFiles.single(dumps, "onDemand")), StandardCharsets.UTF_8);
        assertTrue(onDemand.contains("\"readError\":\"" + THREW + "\""), onDemand);
        assertTrue(onDemandText.contains("(pool's own numbers: " + THREW + ")"), onDemandText);
        assertTrue(section(r, "JMX-DUMPJSON").contains("\"readError\":\"" + THREW + "\""), r.stdout);
        assertTrue(section(r, "JMX-DUMPTEXT").contains("(pool's own numbers: " + THREW + ")"), r.stdout);
        assertTrue(section(r, "HTTP-DUMP").contains("\"readError\":\"" + THREW + "\""), r.stdout);
        assertTrue(section(r, "JMX-POOLS").contains("className=" + HostileDataSource.class.getName()), r.stdout);
        assertTrue(section(r, "METRICS").contains("conntrack_pool_in_use{pool=\"hostile\\npool\"}"), r.stdout);
    }

    /**
     * The secret of THROWS_SECRET's message is nowhere: not in any dump file (JSON, text), nor in what the
     * scenario printed (JMX's Pools table, dumpJson and dumpText; /metrics and /dump; its own log lines),
     * nor in the agent's log lines (stderr, and the application's logging on stdout).
     */
    private static void assertSecretNowhere(ChildJvm.Result r, Path dumps) throws Exception {
        for (String section : List.of("JMX-POOLS", "JMX-DUMPJSON", "JMX-DUMPTEXT", "METRICS", "HTTP-DUMP")) {
            assertFalse(section(r, section).isBlank(), section + " printed nothing\n" + r.stdout);
        }
        assertFalse(r.stdout.contains(HostileDataSource.SECRET), r.stdout);
        assertFalse(r.stderr.contains(HostileDataSource.SECRET), r.stderr);
        int json = 0;
        int text = 0;
        try (Stream<Path> files = Files.list(dumps)) {
            for (Path f : files.collect(Collectors.toList())) {
                assertFalse(Files.readString(f, StandardCharsets.UTF_8).contains(HostileDataSource.SECRET), f.toString());
                json += f.toString().endsWith(".json") ? 1 : 0;
                text += f.toString().endsWith(".txt") ? 1 : 0;
            }
        }
        assertTrue(json >= 3 && text == json, "leak, onDemand and exit dumps, each as JSON and text: " + json + " JSON, " + text + " text");
    }

    private static final String THREW = "the pool threw java.lang.IllegalStateException in HostileDataSource.getActiveConnections()";

    private static Path textOf(Path json) {
        return json.resolveSibling(json.getFileName().toString().replaceAll("\\.json$", ".txt"));
    }

    /** What the scenario printed between {@code <name>-BEGIN} and {@code <name>-END}. */
    private static String section(ChildJvm.Result r, String name) {
        int from = r.stdout.indexOf(name + "-BEGIN\n");
        int to = r.stdout.indexOf(name + "-END", Math.max(0, from));
        assertTrue(from >= 0 && to > from, "no " + name + " section\n" + r.stdout);
        return r.stdout.substring(from + name.length() + "-BEGIN\n".length(), to);
    }

    private static Matcher took(ChildJvm.Result r, String what) {
        for (String line : r.stdout.split("\n")) {
            Matcher m = TOOK.matcher(line);
            if (m.matches() && m.group(1).equals(what)) {
                return m;
            }
        }
        throw new AssertionError("no TOOK " + what + "\n" + r);
    }

    private static JsonNode pool(JsonNode dump, String className) {
        for (JsonNode p : dump.get("pools")) {
            if (p.get("class").asText().equals(className)) {
                return p;
            }
        }
        throw new AssertionError("no pool " + className + " in " + dump.get("pools").toPrettyString());
    }
}
