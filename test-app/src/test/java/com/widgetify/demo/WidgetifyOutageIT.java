package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetify.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo, shortened, end to end ({@link DemoRunOnce}): the service in its own JVM with the packaged agent,
 * real load, real dumps. Checks that ConnTrack warns before the outage and blames the right lines.
 */
class WidgetifyOutageIT {

    private static final String REPORT_HANDLER = "com/widgetify/widgets/WidgetReportHandler.java";
    private static final String ORDER_HANDLER = "com/widgetify/orders/CreateOrderHandler.java";
    private static final String LIST_HANDLER_CLASS = "com.widgetify.widgets.ListWidgetsHandler";

    private static DemoResult run;
    private static String story;
    private static int leakLine;
    private static int hogLine;

    @BeforeAll
    static void runTheDemo() throws Exception {
        leakLine = SourceMarkers.lineOf(REPORT_HANDLER, "// LEAK:");
        hogLine = SourceMarkers.lineOf(ORDER_HANDLER, "// HOG:");
        DemoRunOnce demo = DemoRunOnce.withAgent();
        run = demo.result;
        story = demo.story;
    }

    @Test
    void theOutageHappens() {
        assertTrue(run.load.hadOutage(), "no 503 in the run");
        assertTrue(run.load.unavailable > 10, "a real outage, not a blip: " + run.load.unavailable + " x 503");
        assertTrue(run.load.ok > 100, "the service worked before");
    }

    @Test
    void theFirstConnTrackWarningComesBeforeTheFirst503() {
        LogLine first = run.firstWarning();
        assertNotNull(first, "ConnTrack printed no warning");
        assertTrue(first.atMillis < run.load.firstUnavailableAtMillis,
                "first warning at +" + (first.atMillis - run.load.startedAtMillis) + "ms, first 503 at +"
                        + (run.load.firstUnavailableAtMillis - run.load.startedAtMillis) + "ms");
        DumpFile firstDump = run.firstDump();
        assertTrue(firstDump.time.toEpochMilli() < run.load.firstUnavailableAtMillis, "the first dump too");
        assertTrue(first.text.contains("dump " + firstDump.path), "the warning names the first dump: " + first.text);
    }

    @Test
    void thePoolsExhaustionIsForecastBeforeTheFirst503AtTheLeakingLine() {
        LogLine forecast = run.firstForecast();
        assertNotNull(forecast, "no forecast warning:\n" + story);
        // the warning is rate-limited with the other triggers (dumpInterval=3s): a dump of another trigger
        // may carry the forecast (pools[]) before the forecast's own warning
        long forecastAt = run.firstForecastMillis();
        assertTrue(forecastAt >= 0 && forecastAt < run.load.firstUnavailableAtMillis,
                "forecast at +" + (forecastAt - run.load.startedAtMillis) + "ms, first 503 at +"
                        + (run.load.firstUnavailableAtMillis - run.load.startedAtMillis) + "ms");
        assertTrue(forecast.text.contains("ConnTrack forecast: pool 'widgetify' (max 10): "), forecast.text);
        assertTrue(forecast.text.contains(" lost for good at com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:"
                + leakLine + ")"), forecast.text);
        assertTrue(forecast.text.contains("at the current rate it is exhausted in ~"), forecast.text);
        assertTrue(story.contains("=> the first exhaustion forecast came at "), story);
    }

    @Test
    void theLastDumpsPoolEntryIsHikariCpsOwnNumbersWithAdviceForTheLeakAndTheHog() {
        PoolRow p = run.quiescentDump.pool("widgetify");
        assertNotNull(p, "no pool 'widgetify' in the last dump");
        assertEquals("hikari", p.type);
        assertEquals(10, p.maxSize);
        JsonObject pool = run.healthAfter.object("pool");
        assertEquals(pool.number("active", -1), p.active, "HikariCP's active count, read by /health just before the dump");
        assertEquals(run.quiescentDump.callsites.get(0).leaked, p.lost, "every leak of the run came from this pool");
        assertTrue(p.advice.get(0).startsWith("leak at com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:"
                + leakLine + "): " + p.lost + " connection(s) from pool 'widgetify'"), p.advice.toString());
        assertTrue(p.advice.stream().anyMatch(a -> a.startsWith("hog at com.widgetify.orders.CreateOrderHandler.serve(CreateOrderHandler.java:"
                + hogLine + "): holds p99 ") && a.contains(" while waiting in com.widgetify.orders.PaymentGateway.charge(PaymentGateway.java:")),
                p.advice.toString());
        assertTrue(p.advice.stream().anyMatch(a -> a.startsWith("sizing: connectionTimeout 300 ms of pool 'widgetify' is shorter")),
                p.advice.toString());
        assertTrue(story.contains("--- Pool advice, from the last dump ---"), story);
    }

    @Test
    void theDumpAfterTheLoadRanksTheLeakingLineFirst() {
        DumpFile last = run.quiescentDump;
        assertNotNull(last);
        assertEquals("onDemand", last.triggerType);
        CallsiteRow top = last.callsites.get(0);
        assertTrue(top.isLine("WidgetReportHandler.java", leakLine),
                "expected WidgetReportHandler.java:" + leakLine + " first, got " + top.callsite);
        assertTrue(top.leaked > 0, "the GC found leaked connections of " + top.callsite);
        assertEquals(top.callsite, run.findings.get(0).callsite.callsite);
        assertEquals(Finding.Kind.LEAK, run.findings.get(0).kind);
        assertTrue(story.contains("LEAK  com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:" + leakLine + ")"),
                "the demo says so");
    }

    @Test
    void theLeakIsTheOnlyCallsiteThatLeaks() {
        for (DumpFile d : run.dumps) {
            for (CallsiteRow c : d.callsites) {
                if (c.leaked > 0) {
                    assertTrue(c.isLine("WidgetReportHandler.java", leakLine), d.fileName() + ": " + c.callsite + " leaked");
                }
            }
        }
    }

    @Test
    void theHogIsTheOrderHandlersGetConnectionLineWaitingOnThePaymentCall() {
        Finding hog = run.finding(Finding.Kind.HOG);
        assertNotNull(hog, "no hog found; findings: " + run.findings.size());
        assertTrue(hog.callsite.isLine("CreateOrderHandler.java", hogLine), hog.callsite.callsite);
        assertEquals(0, hog.callsite.leaked);
        assertTrue(hog.callsite.holdMaxMillis >= DemoOptions.HOLD_THRESHOLD_MILLIS, "held " + hog.callsite.holdMaxMillis + "ms");
        assertNotNull(hog.evidence, "no dump caught an order holding its connection");
        assertTrue(hog.evidence.holderIsIn("PaymentGateway.charge"), "holder stack: " + hog.evidence.holderStack);
        assertTrue(hog.evidence.ageMillis >= DemoOptions.HOLD_THRESHOLD_MILLIS);
        assertTrue(story.contains("com.widgetify.orders.PaymentGateway.charge(PaymentGateway.java:"), "the demo shows the stack");
    }

    @Test
    void theWidgetListIsNeverAnOffender() {
        assertFalse(run.dumps.isEmpty());
        for (DumpFile d : run.dumps) {
            CallsiteRow list = d.callsiteIn(LIST_HANDLER_CLASS);
            if (list == null) {
                continue;
            }
            assertEquals(0, list.leaked, d.fileName());
            assertTrue(list.holdMaxMillis < DemoOptions.HOLD_THRESHOLD_MILLIS, d.fileName() + ": held " + list.holdMaxMillis);
            assertFalse(list.callsite.equals(d.triggerCallsite), d.fileName() + " was triggered by the widget list");
        }
        CallsiteRow afterLoad = run.quiescentDump.callsiteIn(LIST_HANDLER_CLASS);
        assertNotNull(afterLoad, "GET /widgets was tracked");
        assertTrue(afterLoad.acquired > 100, "GET /widgets was busy: " + afterLoad.acquired);
        assertEquals(afterLoad.acquired, afterLoad.closed + afterLoad.open, "every acquisition closed or still open");
        assertEquals(0, afterLoad.open, "nothing open once the load has stopped");
        for (Finding f : run.findings) {
            assertFalse(f.callsite.inClass(LIST_HANDLER_CLASS), "blamed: " + f.callsite.callsite);
        }
        for (LogLine w : run.warnings()) {
            String top = w.topCallsite();
            assertTrue(top == null || !top.startsWith(LIST_HANDLER_CLASS + "."), w.text);
        }
    }

    @Test
    void poolOwnedCallsitesAreNeverApplicationOffenders() {
        for (DumpFile d : run.dumps) {
            long applicationOpen = 0;
            for (CallsiteRow c : d.callsites) {
                assertFalse(c.poolOwned, d.fileName() + ": " + c.callsite);
                assertTrue(c.callsite.startsWith("com.widgetify."), d.fileName() + ": " + c.callsite);
                applicationOpen += c.open;
            }
            assertFalse(d.poolCallsites.isEmpty(), d.fileName() + ": HikariCP's own connections");
            for (CallsiteRow c : d.poolCallsites) {
                assertTrue(c.poolOwned, d.fileName() + ": " + c.callsite);
                assertTrue(c.callsite.startsWith("com.zaxxer.hikari.") || c.callsite.startsWith("[pool]"), d.fileName() + ": " + c.callsite);
            }
            assertEquals(d.applicationOpen, applicationOpen, d.fileName() + ": application totals leave pool-owned out");
            for (CallsiteRow c : d.offenders()) {
                assertFalse(c.poolOwned, d.fileName());
            }
            assertTrue(d.triggerCallsite == null || !d.triggerCallsite.startsWith("com.zaxxer."), d.triggerCallsite);
        }
        for (Finding f : run.findings) {
            assertFalse(f.callsite.poolOwned, f.callsite.callsite);
        }
        for (LogLine w : run.warnings()) {
            String top = w.topCallsite();
            assertTrue(top == null || top.startsWith("com.widgetify."), w.text);
        }
    }

    @Test
    void afterTheLoadThePoolStillCountsTheLeakedConnections() {
        JsonObject pool = run.healthAfter.object("pool");
        JsonObject app = run.healthAfter.object("conntrack").object("application");
        long leaked = app.number("leaked", -1);
        long open = app.number("open", -1);
        assertTrue(leaked + open > 0);
        // No request is running: every connection HikariCP calls active is one the report handler lost.
        assertEquals(leaked + open, pool.number("active", -1), "pool " + pool.number("active", -1) + " active");
    }

    @Test
    void everyDumpFileIsListed() throws Exception {
        List<DumpFile> dumps = run.dumps;
        assertTrue(dumps.size() >= 3, "several dumps in 15s with dumpInterval=3s: " + dumps.size());
        for (int i = 0; i < dumps.size() - 1; i++) {
            assertFalse(dumps.get(i).triggerType.equals("exit"), "an exit dump can only come last");
        }
        for (DumpFile d : dumps) {
            assertTrue(story.contains(d.path.toString()), d.path + " is listed");
            Path text = d.path.resolveSibling(d.fileName().replace(".json", ".txt"));
            assertTrue(Files.isRegularFile(text), text + " exists");
        }
    }
}
