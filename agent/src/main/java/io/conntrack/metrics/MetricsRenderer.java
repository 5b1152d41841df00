package io.conntrack.metrics;

import java.util.function.ToLongFunction;

/**
 * Renders a {@link MetricsView}: OpenTelemetry's {@code db.client.connection.*} metrics in Prometheus
 * naming (dots to underscores, seconds, {@code _total}), then ConnTrack's own per-callsite metrics.
 * docs/metrics.md lists every metric.
 */
final class MetricsRenderer {

    static final String CALLSITE = "callsite";

    private MetricsRenderer() {
    }

    static String render(MetricsView v, TextFormat.Kind kind) {
        TextFormat f = new TextFormat(kind);
        f.family("db_client_connection_count", "gauge",
                "Connections handed to application code and not closed yet (OpenTelemetry db.client.connection.count; "
                        + "ConnTrack knows only state=used).");
        f.sample("db_client_connection_count", TextFormat.label("state", "used"), v.applicationOpen);

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
