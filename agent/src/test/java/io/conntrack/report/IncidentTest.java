package io.conntrack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.it.DumpFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentTest {

    private static final long START = 1_796_104_200_000L;
    private static final String LEAK = "com.acme.Report.serve(Report.java:31)";

    @TempDir
    Path dir;

    private static List<Incident> incidents(Path... files) {
        List<String> args = new ArrayList<>();
        for (Path f : files) {
            args.add(f.toString());
        }
        DumpInputs in = DumpInputs.read(args);
        assertEquals(List.of(), in.problems);
        return Incident.group(in.dumps);
    }

    @Test
    void theHandMadeDumpsAreInTheDocumentedFormat() throws Exception {
        TestDumpFile d = new TestDumpFile(1, "h", START, START + 5000, "leak", "m").sample(START, 1, 0, 0, false)
                .callsite(LEAK, 1, "t", "a.B.c(B.java:1)", "a.B.d(B.java:2)").mark(START + 100, "leak", LEAK);
        assertEquals(List.of(), DumpFormat.documented().check(TestDumpFile.JSON.readTree(TestDumpFile.JSON.writeValueAsString(d.root))));
    }

    @Test
    void dumpsOfOneJvmMergeIntoOneTimeline() {
        // three dumps 10 s apart, each with the samples of the seconds before it: they overlap
        Path a = dump(START + 10_050, "leak", 0, 10).mark(START + 4_100, "leak", LEAK).write(dir, "conntrack-1-a-leak.json");
        Path b = dump(START + 20_040, "forecast", 5, 20).mark(START + 4_100, "leak", LEAK).mark(START + 12_300, "forecast", LEAK)
                .write(dir, "conntrack-1-b-forecast.json");
        Path c = dump(START + 30_030, "exit", 12, 30).mark(START + 12_300, "forecast", LEAK).totals(33, 6)
                .write(dir, "conntrack-1-c-exit.json");
        List<Incident> out = incidents(c, a, b);
        assertEquals(1, out.size(), "same pid, host and start (to within the 2 s dumps may differ by)");
        Incident in = out.get(0);
        assertEquals(3, in.dumps.size());
        assertEquals(a, in.dumps.get(0).file, "oldest first");
        PoolHistory p = in.pools.get(0);
        assertEquals(30, p.samples().size(), "each second once: seconds 0 to 29");
        for (int i = 0; i < 30; i++) {
            assertEquals(START + i * 1000L, p.samples().get(i).time);
        }
        assertEquals(2, in.triggers.size(), "a trigger in several timelines counts once: " + in.triggers.size());
        assertEquals(START + 4_100, in.firstWarning().atMillis);
        assertEquals("leak", in.firstWarning().type);
        assertEquals(START + 20_000, in.firstFailureMillis(), "the first sample that saw a failure");
        assertEquals(START + 29_000, in.lastFailureMillis());
        assertTrue(in.failingAtTheEnd());
        assertEquals(33, in.failed(), "from the last dump's totals");
    }

    /** A dump at {@code at} with the samples of seconds {@code from} to {@code to - 1}, failing from second 20. */
    private static TestDumpFile dump(long at, String trigger, int from, int to) {
        TestDumpFile d = new TestDumpFile(1, "vm", START - 3000 + (at % 7), at, trigger, trigger + " message");
        for (int s = from; s < to; s++) {
            d.sample(START + s * 1000L, 2, s / 3, s >= 20 ? (s - 19) * 3L : 0, false);
        }
        return d;
    }

    @Test
    void aFifteenSecondAggregateGivesWayToTheFineSamplesOfItsPeriod() {
        TestDumpFile older = new TestDumpFile(1, "vm", START, START + 200_000, "leak", "m");
        older.sample(START, 3, 0, 0, false).sample(START + 1000, 4, 0, 0, false);
        TestDumpFile newer = new TestDumpFile(1, "vm", START, START + 400_000, "exit", "m");
        newer.sample(START, 9, 1, 0, true).sample(START + 15_000, 8, 1, 0, true).sample(START + 300_000, 1, 1, 0, false);
        List<Incident> out = incidents(older.write(dir, "conntrack-1.json"), newer.write(dir, "conntrack-2.json"));
        List<PoolHistory.Sample> s = out.get(0).pools.get(0).samples();
        assertEquals(List.of(START, START + 1000, START + 15_000, START + 300_000), times(s), "fine seconds of the first period");
        assertFalse(s.get(0).coarse);
        assertEquals(3, s.get(0).inUse);
        assertTrue(s.get(2).coarse);
    }

    @Test
    void aFleetGetsOneIncidentPerJvmTheWorstFirst() {
        Path quiet = new TestDumpFile(100, "web-1", START, START + 5000, "leak", "m").totals(0, 1).sample(START, 1, 1, 0, false)
                .write(dir, "conntrack-100.json");
        Path bad = new TestDumpFile(200, "web-2", START, START + 5000, "forecast", "m").totals(40, 3)
                .sample(START, 1, 3, 40, false).write(dir, "conntrack-200.json");
        Path restarted = new TestDumpFile(200, "web-2", START + 60_000, START + 65_000, "exit", "m").totals(2, 0)
                .sample(START + 61_000, 1, 0, 2, false).write(dir, "conntrack-200-b.json");
        Path samePidOtherHost = new TestDumpFile(100, "web-3", START, START + 5000, "exit", "m")
                .write(dir, "conntrack-100-c.json");
        List<Incident> out = incidents(quiet, restarted, samePidOtherHost, bad);
        assertEquals(4, out.size(), "a restart (same pid, new start) and another host are other JVMs");
        assertEquals(List.of("web-2/200/40", "web-2/200/2", "web-1/100/0", "web-3/100/0"), describe(out),
                "most failed acquisitions first, then most leaked");
    }

    @Test
    void dumpsWithoutATimelineStillGiveTheWarningsAndFailures() throws Exception {
        TestDumpFile old = new TestDumpFile(5, "vm", START, START + 8000, "leak", "a connection leaked").totals(0, 1);
        old.root.put("format", "conntrack-dump/2");
        old.root.remove("timeline");
        old.root.remove("pools");
        TestDumpFile later = new TestDumpFile(5, "vm", START, START + 20_000, "limit", "too many").totals(7, 2);
        later.root.put("format", "conntrack-dump/2");
        later.root.remove("timeline");
        later.root.remove("pools");
        List<Incident> out = incidents(old.write(dir, "conntrack-5-a.json"), later.write(dir, "conntrack-5-b.json"));
        Incident in = out.get(0);
        assertTrue(in.pools.isEmpty());
        assertEquals(START + 8000, in.firstWarning().atMillis, "the dump's own trigger time");
        assertEquals("a connection leaked", in.messageOf(in.firstWarning()));
        assertEquals(START + 20_000, in.firstFailureMillis(), "only a dump saw it");
        assertFalse(in.firstFailureSampled());
        assertTrue(HtmlReport.render(out, List.of(), START).contains("These dumps carry no pool timeline"));
    }

    @Test
    void theDemosRealDumpsMergeAndNameTheLeakingLine() throws Exception {
        Path leak = copy("demo-leak.json");
        Path forecast = copy("demo-forecast.json");
        Path exit = copy("sample-dump.json");
        Incident in = incidents(leak, forecast, exit).get(0);
        assertEquals(3, in.dumps.size());
        PoolHistory p = in.pools.get(0);
        assertEquals("widgetify", p.name);
        assertTrue(p.samples().size() >= 17, "the exit dump's 17 samples at least: " + p.samples().size());
        assertEquals("com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:31)", in.rootCause().callsite);
        assertTrue(in.firstWarning().atMillis < in.firstFailureMillis());
        Postmortem pm = new Postmortem(in);
        assertEquals("Pool 'widgetify' ran out of connections on vm (pid 8637)", pm.title);
        assertTrue(pm.summary.get(0).plain().startsWith("Start: 2026-12-06 20:30:11.6 UTC, the first failed acquisition"),
                pm.summary.get(0).plain());
    }

    private Path copy(String resource) throws Exception {
        Path f = dir.resolve("conntrack-" + resource);
        Files.write(f, getClass().getResourceAsStream("/io/conntrack/report/" + resource).readAllBytes());
        return f;
    }

    private static List<Long> times(List<PoolHistory.Sample> samples) {
        List<Long> out = new ArrayList<>();
        for (PoolHistory.Sample s : samples) {
            out.add(s.time);
        }
        return out;
    }

    private static List<String> describe(List<Incident> incidents) {
        List<String> out = new ArrayList<>();
        for (Incident i : incidents) {
            out.add(i.host + "/" + i.pid + "/" + i.failed());
        }
        return out;
    }
}
