package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.metrics.ExpositionParser.Exposition;
import io.conntrack.metrics.ExpositionParser.Format;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsRendererTest {

    static final String ORDERS = "com.acme.OrderDao.load(OrderDao.java:42)";
    static final String WEIRD = "com.acme.Odd\"Dao\\x.run\n(Odd.java:7)";

    static MetricsView view() {
        long[] orderHolds = new long[40];
        orderHolds[9] = 3;   // 512..1024 us
        orderHolds[20] = 1;  // about 1 to 2 s
        long[] weirdHolds = new long[40];
        weirdHolds[0] = 2;
        CallsiteMetrics orders = new CallsiteMetrics(ORDERS, 2, 10, 4, 4, 1, orderHolds, 1_500_000_000L);
        CallsiteMetrics weird = new CallsiteMetrics(WEIRD, 0, 2, 2, 0, 0, weirdHolds, 3_000);
        CallsiteMetrics other = CallsiteMetrics.empty(CallsiteMetrics.OTHER).plus(orders).plus(weird);
        List<CallsiteMetrics> sites = Arrays.asList(orders, weird, other);
        CallsiteMetrics all = orders.plus(weird).plus(other);
        return new MetricsView(4, 7, 3, 5, 9, true, all, 2_500_000, 24, sites);
    }

    @Test
    void rendersValidPrometheusTextWithEveryValue() {
        String text = MetricsRenderer.render(view(), TextFormat.Kind.PROMETHEUS);
        Exposition e = ExpositionParser.parse(text, Format.PROMETHEUS);
        assertEquals(4.0, e.value("db_client_connection_count", "state", "used"));
        assertEquals(7.0, e.value("conntrack_application_open_peak"));
        assertEquals(3.0, e.value("conntrack_pool_connections_open"));
        assertEquals(5.0, e.value("conntrack_pool_connections_opened_total"));
        assertEquals(9.0, e.value("conntrack_callsites"));
        assertEquals(1.0, e.value("conntrack_tracking_active"));
        assertEquals(0.0025, e.value("db_client_connection_wait_time_seconds_sum"));
        assertEquals(24.0, e.value("db_client_connection_wait_time_seconds_count"));
        assertEquals(2.0, e.value("conntrack_callsite_open", "callsite", ORDERS));
        assertEquals(10.0, e.value("conntrack_callsite_acquired_total", "callsite", ORDERS));
        assertEquals(4.0, e.value("conntrack_callsite_closed_total", "callsite", ORDERS));
        assertEquals(4.0, e.value("conntrack_callsite_leaked_total", "callsite", ORDERS));
        assertEquals(1.0, e.value("conntrack_callsite_failed_total", "callsite", ORDERS));
        assertEquals(12.0, e.value("conntrack_callsite_acquired_total", "callsite", "other"));
        // label values with a quote, a backslash and a newline come back unchanged
        assertEquals(2.0, e.value("conntrack_callsite_acquired_total", "callsite", WEIRD));
        // cumulative hold buckets in seconds
        assertEquals(0.0, e.value("conntrack_callsite_hold_seconds_bucket", "callsite", ORDERS, "le", "0.000256"));
        assertEquals(3.0, e.value("conntrack_callsite_hold_seconds_bucket", "callsite", ORDERS, "le", "0.001024"));
        assertEquals(3.0, e.value("conntrack_callsite_hold_seconds_bucket", "callsite", ORDERS, "le", "1.048576"));
        assertEquals(4.0, e.value("conntrack_callsite_hold_seconds_bucket", "callsite", ORDERS, "le", "4.194304"));
        assertEquals(4.0, e.value("conntrack_callsite_hold_seconds_bucket", "callsite", ORDERS, "le", "+Inf"));
        assertEquals(4.0, e.value("conntrack_callsite_hold_seconds_count", "callsite", ORDERS));
        assertEquals(1.5, e.value("conntrack_callsite_hold_seconds_sum", "callsite", ORDERS));
        assertEquals(2.0, e.value("conntrack_callsite_hold_seconds_bucket", "callsite", WEIRD, "le", "0.000256"));
        assertEquals(12.0, e.value("db_client_connection_use_time_seconds_count"));
        assertEquals("counter", e.families.get("conntrack_callsite_leaked_total").type);
        assertEquals("histogram", e.families.get("conntrack_callsite_hold_seconds").type);
        assertEquals("summary", e.families.get("db_client_connection_wait_time_seconds").type);
        assertFalse(text.contains("# EOF"));
    }

    @Test
    void rendersValidOpenMetrics() {
        String text = MetricsRenderer.render(view(), TextFormat.Kind.OPENMETRICS);
        Exposition e = ExpositionParser.parse(text, Format.OPENMETRICS);
        assertTrue(text.endsWith("\n# EOF\n"));
        assertEquals("counter", e.families.get("conntrack_callsite_leaked").type);
        assertEquals(4.0, e.value("conntrack_callsite_leaked_total", "callsite", ORDERS));
        assertEquals(2.0, e.value("conntrack_callsite_acquired_total", "callsite", WEIRD));
        assertEquals(4.0, e.value("conntrack_callsite_hold_seconds_count", "callsite", ORDERS));
    }

    @Test
    void anEmptyTrackerStillRendersEveryFamily() {
        MetricsView empty = new MetricsView(0, 0, 0, 0, 0, false, CallsiteMetrics.empty(""), 0, 0, Arrays.asList());
        for (TextFormat.Kind kind : TextFormat.Kind.values()) {
            String text = MetricsRenderer.render(empty, kind);
            Exposition e = ExpositionParser.parse(text, kind == TextFormat.Kind.PROMETHEUS ? Format.PROMETHEUS : Format.OPENMETRICS);
            assertEquals(0.0, e.value("db_client_connection_count", "state", "used"));
            assertEquals(0.0, e.value("conntrack_tracking_active"));
            assertEquals(0.0, e.value("db_client_connection_use_time_seconds_bucket", "le", "+Inf"));
            assertTrue(e.samples("conntrack_callsite_open").isEmpty());
        }
    }
}
