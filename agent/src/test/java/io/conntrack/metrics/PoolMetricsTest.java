package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.conntrack.metrics.ExpositionParser.Exposition;
import io.conntrack.metrics.ExpositionParser.Format;
import io.conntrack.pools.PoolState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-pool series: the pool's own numbers when it tells them, ConnTrack's always, the forecast only with a trend. */
class PoolMetricsTest {

    private static MetricsView view() {
        PoolState widgets = new PoolState();
        widgets.name = "widgets";
        widgets.maxSize = 10;
        widgets.active = 7;
        widgets.idle = 3;
        widgets.waiting = 2;
        widgets.inUse = 2;
        widgets.lost = 5;
        widgets.exhaustionSeconds = 40.25;
        widgets.reclaimedLost = 4;
        widgets.reclaimedAbandoned = 1;
        widgets.abandoned.add(new io.conntrack.pools.ReclaimView.Abandoned("A.b(A.java:1)", 2, 30));
        PoolState dbcp = new PoolState(); // tells max, active and idle, not waiting; no loss trend
        dbcp.name = "dbcp2-2";
        dbcp.maxSize = 8;
        dbcp.active = 1;
        dbcp.idle = 0;
        dbcp.inUse = 1;
        PoolState unknown = new PoolState(); // tells nothing
        unknown.name = "JdbcDataSource-3";
        unknown.inUse = 1;
        unknown.lost = 1;
        MetricsView v = MetricsRendererTest.view();
        v.pools = List.of(widgets, dbcp, unknown);
        return v;
    }

    @Test
    void poolSeriesInBothFormats() {
        for (TextFormat.Kind kind : TextFormat.Kind.values()) {
            Exposition e = ExpositionParser.parse(MetricsRenderer.render(view(), kind),
                    kind == TextFormat.Kind.PROMETHEUS ? Format.PROMETHEUS : Format.OPENMETRICS);
            assertEquals(4.0, e.value("db_client_connection_count", "state", "used"), "ConnTrack's total, no pool label");
            assertEquals(7.0, e.value("db_client_connection_count", "pool", "widgets", "state", "used"));
            assertEquals(3.0, e.value("db_client_connection_count", "pool", "widgets", "state", "idle"));
            assertEquals(10.0, e.value("db_client_connection_max", "pool", "widgets"));
            assertEquals(2.0, e.value("db_client_connection_pending_requests", "pool", "widgets"));
            assertEquals(2.0, e.value("conntrack_pool_in_use", "pool", "widgets"));
            assertEquals(5.0, e.value("conntrack_pool_lost_total", "pool", "widgets"));
            assertEquals(40.25, e.value("conntrack_pool_exhaustion_seconds", "pool", "widgets"));
            assertEquals(5.0, e.value("conntrack_pool_reclaimed_total", "pool", "widgets"), "lost and abandoned ones given back");
            assertEquals(2.0, e.value("conntrack_pool_abandoned", "pool", "widgets"));
            assertEquals(0.0, e.value("conntrack_pool_reclaimed_total", "pool", "dbcp2-2"));

            assertEquals(8.0, e.value("db_client_connection_max", "pool", "dbcp2-2"));
            assertNull(e.value("db_client_connection_pending_requests", "pool", "dbcp2-2"), "DBCP2 does not tell it");
            assertNull(e.value("conntrack_pool_exhaustion_seconds", "pool", "dbcp2-2"), "no loss, no forecast");
            assertEquals(0.0, e.value("conntrack_pool_lost_total", "pool", "dbcp2-2"));

            assertNull(e.value("db_client_connection_max", "pool", "JdbcDataSource-3"));
            assertNull(e.value("db_client_connection_count", "pool", "JdbcDataSource-3", "state", "used"));
            assertNull(e.value("conntrack_pool_exhaustion_seconds", "pool", "JdbcDataSource-3"), "no maximum, no forecast");
            assertEquals(1.0, e.value("conntrack_pool_in_use", "pool", "JdbcDataSource-3"));
            assertEquals(1.0, e.value("conntrack_pool_lost_total", "pool", "JdbcDataSource-3"));
        }
    }

    @Test
    void exhaustedIsZero() {
        MetricsView v = view();
        v.pools.get(0).exhaustionSeconds = 0;
        Exposition e = ExpositionParser.parse(MetricsRenderer.render(v, TextFormat.Kind.PROMETHEUS), Format.PROMETHEUS);
        assertEquals(0.0, e.value("conntrack_pool_exhaustion_seconds", "pool", "widgets"));
    }
}
