package io.conntrack.metrics;

import io.conntrack.pools.PoolState;
import java.util.Collections;
import java.util.List;

/** Everything one scrape shows, read from one {@code Tracker.snapshot()}. */
final class MetricsView {

    /** Connections handed to application code and not yet closed (or found leaked). */
    final long applicationOpen;
    final long applicationPeak;
    /** Physical connections that pools opened for themselves and still hold. */
    final long poolOpen;
    final long poolOpened;
    final int callsitesTracked;
    final boolean trackingActive;
    /** Hold times of every application callsite, summed: the use time of OpenTelemetry. */
    final CallsiteMetrics applicationHolds;
    final long acquireWaitTotalNanos;
    final long acquireWaitCount;
    /** At most topN callsites, then "other" when some were left out. */
    final List<CallsiteMetrics> callsites;
    /** The pools ConnTrack has seen (their own numbers where they tell, ConnTrack's always). */
    List<PoolState> pools = Collections.emptyList();

    MetricsView(long applicationOpen, long applicationPeak, long poolOpen, long poolOpened, int callsitesTracked,
                boolean trackingActive, CallsiteMetrics applicationHolds, long acquireWaitTotalNanos,
                long acquireWaitCount, List<CallsiteMetrics> callsites) {
        this.applicationOpen = applicationOpen;
        this.applicationPeak = applicationPeak;
        this.poolOpen = poolOpen;
        this.poolOpened = poolOpened;
        this.callsitesTracked = callsitesTracked;
        this.trackingActive = trackingActive;
        this.applicationHolds = applicationHolds;
        this.acquireWaitTotalNanos = acquireWaitTotalNanos;
        this.acquireWaitCount = acquireWaitCount;
        this.callsites = Collections.unmodifiableList(callsites);
    }
}
