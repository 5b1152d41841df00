package io.conntrack.metrics;

import io.conntrack.pools.PoolWatch;
import io.conntrack.reporting.Monitor;
import io.conntrack.reporting.Trigger;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.Snapshot;
import io.conntrack.tracking.Tracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Metrics from {@code Tracker.snapshot()}: the same counters dumps show, read without touching the
 * hot path (a snapshot sums the callsites' adders; acquisitions never wait for it).
 */
final class TrackerMetricsSource implements MetricsSource {

    private final Tracker tracker;
    private final PoolWatch pools;
    private final Monitor monitor;
    private final BooleanSupplier trackingActive;
    private final CallsiteSelection selection;

    TrackerMetricsSource(Tracker tracker, PoolWatch pools, Monitor monitor, BooleanSupplier trackingActive, int topN) {
        this.tracker = tracker;
        this.pools = pools;
        this.monitor = monitor;
        this.trackingActive = trackingActive;
        this.selection = new CallsiteSelection(topN);
    }

    @Override
    public String metrics(TextFormat.Kind kind) {
        MetricsView v = view(tracker.snapshot());
        v.pools = pools.states();
        return MetricsRenderer.render(v, kind);
    }

    MetricsView view(Snapshot s) {
        List<CallsiteMetrics> application = new ArrayList<>();
        CallsiteMetrics holds = CallsiteMetrics.empty("");
        long waitNanos = 0;
        long waits = 0;
        // one series per label as encoded: callsites of the same frame from several class loaders are summed,
        // and so are frames that differ only in unpaired surrogates (one label once those are replaced)
        Map<String, CallsiteMetrics> byLabel = new LinkedHashMap<>();
        for (CallsiteSnapshot c : s.callsitesByFrame()) {
            if (!c.poolOwned) {
                CallsiteMetrics m = CallsiteMetrics.of(c);
                byLabel.merge(m.callsite, m, CallsiteMetrics::plus);
                holds = holds.plus(m);
                waitNanos += c.acquireWaitTotalNanos;
                waits += c.acquired;
            }
        }
        application.addAll(byLabel.values());
        return new MetricsView(s.application.open, s.application.peak, s.pool.open, s.pool.acquired, s.callsiteCount,
                trackingActive.getAsBoolean(), holds, waitNanos, waits, selection.select(application));
    }

    @Override
    public String dumpJson() {
        return monitor.dumpJson(new Trigger(Trigger.Type.ON_DEMAND, "requested over HTTP (/dump)", null, 0, 0));
    }
}
