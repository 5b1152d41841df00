package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads real dumps, written by the agent during a demo run (test resources; written as
 * {@code conntrack-dump/1} and converted to {@code /2}: the pool-owned callsite moved to
 * {@code poolCallsites}, the application ones in the new ranking, {@code overLimit} and
 * {@code heldPastThreshold} added as the agent computes them, holdThreshold being 2 s).
 */
class DumpFileTest {

    static DumpFile resource(String name) throws IOException, URISyntaxException {
        return DumpFile.read(Path.of(DumpFileTest.class.getResource("/dumps/" + name).toURI()));
    }

    @Test
    void readsTriggerTotalsAndRanking() throws Exception {
        DumpFile d = resource("holdThreshold.json");
        assertEquals("holdThreshold", d.triggerType);
        assertEquals("com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:31)", d.triggerCallsite);
        assertEquals(4, d.applicationOpen);
        assertEquals(6, d.applicationLeaked);
        assertEquals(Arrays.asList("2 x leak", "1 x holdThreshold"), d.suppressed);
        List<CallsiteRow> app = d.callsites;
        assertEquals(4, app.size());
        for (CallsiteRow c : app) {
            assertFalse(c.poolOwned, c.callsite);
        }
        assertTrue(app.get(0).isLine("WidgetReportHandler.java", 31), "the leak (6) ranks first");
        assertTrue(app.get(1).isLine("CreateOrderHandler.java", 38), "then the orders held past holdThreshold");
        assertEquals(2, d.offenders().size());
        assertEquals(3190.46994, app.get(1).holdMaxMillis, 1e-9);
        assertEquals(1, d.poolCallsites.size());
        CallsiteRow pool = d.poolCallsites.get(0);
        assertTrue(pool.poolOwned);
        assertEquals("com.zaxxer.hikari.pool.PoolBase.newConnection(PoolBase.java:373)", pool.callsite);
        assertEquals(10, pool.open);
        assertEquals(pool, d.callsiteIn("com.zaxxer.hikari.pool.PoolBase"));
    }

    @Test
    void resolvesHolderStacksById() throws Exception {
        CallsiteRow order = resource("holdThreshold.json").callsiteIn("com.widgetify.orders.CreateOrderHandler");
        assertNotNull(order);
        assertEquals(3, order.oldestOpen.size());
        OpenConnectionRow o = order.oldestOpen.get(0);
        assertEquals(2346, o.ageMillis);
        assertEquals("http-worker-15", o.thread);
        assertEquals("TIMED_WAITING", o.holderState);
        assertEquals("java.base@17.0.15/java.lang.Thread.sleep(Native Method)", o.holderStack.get(0));
        assertTrue(o.holderIsIn("PaymentGateway.charge"));
        assertTrue(o.holderIsInClass("com.widgetify.orders.CreateOrderHandler"));
        assertFalse(o.holderIsIn("ListWidgetsHandler.serve"));
    }

    @Test
    void describesAHolderBackInItsPool() throws Exception {
        CallsiteRow report = resource("onDemand-after-load.json").callsiteIn("com.widgetify.widgets.WidgetReportHandler");
        assertEquals(1, report.open);
        assertEquals(7, report.leaked);
        assertTrue(Story.describeHolder(report.oldestOpen.get(0)).contains("idle in its pool"));
        OpenConnectionRow charging = resource("holdThreshold.json").callsiteIn("com.widgetify.orders.CreateOrderHandler")
                .oldestOpen.get(0);
        assertEquals("now TIMED_WAITING at com.widgetify.orders.PaymentGateway.charge(PaymentGateway.java:22)",
                Story.describeHolder(charging));
        assertEquals("now ENDED", Story.describeHolder(new OpenConnectionRow(1, "t", "ENDED", Collections.emptyList())));
    }

    @Test
    void refusesOtherFiles() {
        assertThrows(IllegalArgumentException.class, () -> DumpFile.parse(Path.of("x.json"), "{\"format\":\"other\"}"));
        assertThrows(IllegalArgumentException.class, () -> DumpFile.parse(Path.of("x.json"),
                "{\"format\":\"conntrack-dump/1\",\"time\":\"2026-01-01T00:00:00Z\"}"), "the format before the pool list");
        assertNull(DumpFile.parse(Path.of("x.json"), "{\"format\":\"conntrack-dump/2\",\"time\":\"2026-01-01T00:00:00Z\"}")
                .callsiteIn("com.acme.Foo"));
    }
}
