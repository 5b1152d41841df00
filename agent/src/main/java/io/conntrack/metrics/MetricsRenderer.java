package io.conntrack.metrics;

import io.conntrack.pools.PoolState;
import java.util.function.ToLongFunction;

/**
 * Renders a {@link MetricsView}: OpenTelemetry's {@code db.client.connection.*} metrics in Prometheus
 * naming (dots to underscores, seconds, {@code _total}), then ConnTrack's own per-callsite metrics.
 * docs/metrics.md lists every metric.
 */
final class MetricsRenderer {

    static final String CALLSITE = "callsite";
    static final String POOL = "pool";

    private MetricsRenderer() {
    }

    static String render(MetricsView v, TextFormat.Kind kind) {
        TextFormat f = new TextFormat(kind);
        f.family("db_client_connection_count", "gauge",
                "Without a pool label: connections handed to application code and not closed yet, all pools (ConnTrack's "
                        + "count, state=used only). With one: the pool's own count of its connections by state "
                        + "(OpenTelemetry db.client.connection.count), when the pool tells it.");
        f.sample("db_client_connection_count", TextFormat.label("state", "used"), v.applicationOpen);
        for (PoolState p : v.pools) {
            if (p.active >= 0) {
                f.sample("db_client_connection_count", pool(p) + "," + TextFormat.label("state", "used"), p.active);
            }
            if (p.idle >= 0) {
                f.sample("db_client_connection_count", pool(p) + "," + TextFormat.label("state", "idle"), p.idle);
            }
        }
        f.family("db_client_connection_max", "gauge",
                "The pool's maximum number of connections, as the pool tells it (OpenTelemetry db.client.connection.max).");
        for (PoolState p : v.pools) {
            if (p.maxSize >= 0) {
                f.sample("db_client_connection_max", pool(p), p.maxSize);
            }
        }
        f.family("db_client_connection_pending_requests", "gauge",
                "Threads waiting for a connection from the pool, as the pool tells it "
                        + "(OpenTelemetry db.client.connection.pending_requests).");
        for (PoolState p : v.pools) {
            if (p.waiting >= 0) {
                f.sample("db_client_connection_pending_requests", pool(p), p.waiting);
            }
        }
        f.family("conntrack_pool_in_use", "gauge",
                "Application connections from this pool open now (ConnTrack's own count).");
        for (PoolState p : v.pools) {
            f.sample("conntrack_pool_in_use", pool(p), p.inUse);
        }
        f.family("conntrack_pool_lost", "counter",
                "Application connections from this pool garbage-collected without close(): the pool never gets them back.");
        for (PoolState p : v.pools) {
            f.sample("conntrack_pool_lost_total", pool(p), p.lost);
        }
        f.family("conntrack_pool_reclaimed", "counter",
                "Connections ConnTrack gave back to this pool (reclaim=lost|abandoned): the leak is still there, the pool keeps going.");
        for (PoolState p : v.pools) {
            f.sample("conntrack_pool_reclaimed_total", pool(p), p.reclaimed());
        }
        f.family("conntrack_pool_abandoned", "gauge",
                "Connections from this pool held now whose acquiring method has finished (abandoned), with or without reclaim.");
        for (PoolState p : v.pools) {
            f.sample("conntrack_pool_abandoned", pool(p), p.abandonedHeld());
        }
        f.family("conntrack_pool_exhaustion_seconds", "gauge",
                "Forecast: seconds until the pool is exhausted at its recent loss rate (0: no connection left); "
                        + "absent while the pool lost none in the last 5 minutes or does not tell its maximum.");
        for (PoolState p : v.pools) {
            if (p.hasForecast()) {
                f.sample("conntrack_pool_exhaustion_seconds", pool(p),
                        java.math.BigDecimal.valueOf(Math.round(p.exhaustionSeconds * 1000), 3).stripTrailingZeros().toPlainString());
            }
        }

        f.family("db_client_connection_use_time_seconds", "histogram",
                "Time application code held a connection, from acquisition to close(), all callsites "
                        + "(OpenTelemetry db.client.connection.use_time).");
        histogram(f, "db_client_connection_use_time_seconds", null, v.applicationHolds);

        f.family("db_client_connection_wait_time_seconds", "summary",
                "Time spent in getConnection()/connect() calls that returned a connection, all callsites "
                        + "(OpenTelemetry db.client.connection.wait_time).");
        f.sample("db_client_connection_wait_time_seconds_sum", null, TextFormat.seconds(v.acquireWaitTotalNanos));
        f.sample("db_client_connection_wait_time_seconds_count", null, v.acquireWaitCount);

        f.family("conntrack_application_open_peak", "gauge",
                "Highest number of connections application code held at once (reset by resetPeaks).");
        f.sample("conntrack_application_open_peak", null, v.applicationPeak);
        f.family("conntrack_pool_connections_open", "gauge",
                "Physical connections that pools opened for themselves and have not closed.");
        f.sample("conntrack_pool_connections_open", null, v.poolOpen);
        f.family("conntrack_pool_connections_opened", "counter", "Physical connections that pools opened for themselves.");
        f.sample("conntrack_pool_connections_opened_total", null, v.poolOpened);
        f.family("conntrack_callsites", "gauge", "Distinct callsites ConnTrack tracks (at most maxCallsites).");
        f.sample("conntrack_callsites", null, v.callsitesTracked);
        f.family("conntrack_tracking_active", "gauge",
                "1 while ConnTrack tracks connections; 0 after an internal error turned tracking off.");
        f.sample("conntrack_tracking_active", null, v.trackingActive ? 1 : 0);

        perCallsite(f, v, "conntrack_callsite_open", "gauge",
                "Connections acquired at this callsite and not closed yet.", c -> c.open);
        perCallsite(f, v, "conntrack_callsite_acquired", "counter",
                "Connections acquired at this callsite.", c -> c.acquired);
        perCallsite(f, v, "conntrack_callsite_closed", "counter",
                "Connections acquired at this callsite and closed.", c -> c.closed);
        perCallsite(f, v, "conntrack_callsite_leaked", "counter",
                "Connections acquired at this callsite that were garbage-collected without close().", c -> c.leaked);
        perCallsite(f, v, "conntrack_callsite_failed", "counter",
                "Acquisitions at this callsite that threw (pool timeouts among them).", c -> c.failed);

        f.family("conntrack_callsite_hold_seconds", "histogram",
                "Time connections acquired at this callsite were held, acquisition to close().");
        for (CallsiteMetrics c : v.callsites) {
            histogram(f, "conntrack_callsite_hold_seconds", TextFormat.label(CALLSITE, c.callsite), c);
        }
        return f.finish();
    }

    private static String pool(PoolState p) {
        return TextFormat.label(POOL, p.name);
    }

    private static void perCallsite(TextFormat f, MetricsView v, String name, String type, String help,
                                    ToLongFunction<CallsiteMetrics> value) {
        f.family(name, type, help);
        String sample = type.equals("counter") ? name + "_total" : name;
        for (CallsiteMetrics c : v.callsites) {
            f.sample(sample, TextFormat.label(CALLSITE, c.callsite), value.applyAsLong(c));
        }
    }

    /** Buckets, count and sum of one series; {@code labels} already rendered, or null. */
    private static void histogram(TextFormat f, String name, String labels, CallsiteMetrics c) {
        long[] cumulative = HoldBuckets.cumulative(c.holdHistogram);
        String prefix = labels == null ? "" : labels + ",";
        for (int i = 0; i < HoldBuckets.LE.length; i++) {
            f.sample(name + "_bucket", prefix + TextFormat.label("le", HoldBuckets.LE[i]), cumulative[i]);
        }
        long count = cumulative[cumulative.length - 1];
        f.sample(name + "_bucket", prefix + TextFormat.label("le", "+Inf"), count);
        f.sample(name + "_count", labels, count);
        f.sample(name + "_sum", labels, TextFormat.seconds(c.holdTotalNanos));
    }
}
