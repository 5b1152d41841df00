package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's load with {@code reclaim=lost} ({@code DemoRunner --reclaim lost}): the same leak, and the
 * service stays up, while every output still names the leaking line. {@link WidgetifyOutageIT} is the
 * same load without it: the outage.
 */
class WidgetifyReclaimIT {

    private static final String REPORT_HANDLER = "com/widgetify/widgets/WidgetReportHandler.java";
    private static DemoResult run;
    private static String story;
    private static int leakLine;

    @BeforeAll
    static void runTheDemoWithReclaim() throws Exception {
        leakLine = SourceMarkers.lineOf(REPORT_HANDLER, "// LEAK:");
        Path agent = Path.of(System.getProperty("conntrack.agent.jar", "../agent/target/conntrack-agent.jar"));
        assertTrue(Files.isRegularFile(agent), "no agent jar at " + agent + ": build the whole project (mvn verify)");
        Path workDir = Path.of(System.getProperty("widgetify.workDir", "target/it")).resolve("reclaim-lost");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new TeeStream(text, System.out), true, StandardCharsets.UTF_8);
        run = new DemoRunner(new DemoOptions(agent.toAbsolutePath().normalize(), DemoRunOnce.LOAD_MILLIS, workDir.toAbsolutePath(),
                System.getProperty("java.class.path"), "lost"), both).run();
        story = text.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theServiceStaysUp() {
        // without reclaim the same load gives over a hundred 503s from +7 s on (WidgetifyOutageIT, docs/demo.md)
        assertTrue(run.load.unavailable <= 10, run.load.unavailable + " x 503 with reclaim=lost\n" + story);
        assertTrue(run.load.ok > 500, "the service kept serving: " + run.load.ok);
        assertEquals("UP", run.healthAfter.string("status"), "GET /health after the load");
    }

    @Test
    void theLeakIsStillNamedAndCounted() {
        DumpFile last = run.quiescentDump;
        assertNotNull(last);
        CallsiteRow top = last.callsites.get(0);
        assertTrue(top.isLine("WidgetReportHandler.java", leakLine), "ranked first: " + top.callsite);
        assertTrue(top.leaked > 3, "the leak is still counted: " + top.leaked);
        PoolRow p = last.pool("widgetify");
        assertNotNull(p);
        assertTrue(p.reclaimed >= top.leaked - 3 && p.reclaimed > 0, "given back " + p.reclaimed + " of " + top.leaked + " lost");
        assertTrue(p.active < p.maxSize, "HikariCP's own active count is not stuck at its maximum: " + p.active);
        assertTrue(p.advice.get(0).startsWith("leak at com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:"
                + leakLine + "): "), p.advice.toString());
        assertTrue(p.advice.get(0).contains("ConnTrack gave"), p.advice.toString());
    }

    @Test
    void oneWarningPerBurstNamesTheLine() {
        LogLine reclaim = null;
        for (LogLine w : run.warnings()) {
            if (w.text.contains("ConnTrack reclaim: reclaimed ")) {
                reclaim = w;
                break;
            }
        }
        assertNotNull(reclaim, "no reclaim warning:\n" + story);
        assertTrue(reclaim.text.contains(" lost at com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:" + leakLine
                + ") for pool 'widgetify'; fix that line"), reclaim.text);
    }
}
