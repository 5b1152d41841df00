package io.conntrack.jmx;

import io.conntrack.config.Config;
import io.conntrack.pools.PoolWatch;
import io.conntrack.reporting.CallsiteRanking;
import io.conntrack.reporting.Dump;
import io.conntrack.reporting.DumpJson;
import io.conntrack.reporting.DumpText;
import io.conntrack.reporting.Monitor;
import io.conntrack.reporting.Trigger;
import io.conntrack.tracking.Snapshot;
import io.conntrack.tracking.Tracker;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javax.management.openmbean.TabularData;

/** The MBean behind {@code io.conntrack:type=ConnTrack}: reads the running tracker, takes dumps. */
public final class ConnTrackBean implements ConnTrackMBean {

    static final String REASON = "requested through JMX";

    private final Tracker tracker;
    private final Monitor monitor;
    private final PoolWatch pools;
    private final Config config;
    private final String version;
    private final BooleanSupplier active;
    private static final long SNAPSHOT_REUSE_NANOS = 200_000_000L;
    private volatile Snapshot recent;
    private volatile long recentAt;

    public ConnTrackBean(Tracker tracker, PoolWatch pools, Monitor monitor, Config config, String version,
                         BooleanSupplier active) {
        this.tracker = tracker;
        this.pools = pools;
        this.monitor = monitor;
        this.config = config;
        this.version = version;
        this.active = active;
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public int getInterfaceVersion() {
        return INTERFACE_VERSION;
    }

    @Override
    public boolean isActive() {
        return active.getAsBoolean();
    }

    /**
     * One snapshot serves the attribute reads of one JMX request (a client reads them one by one), so
     * open, acquired and closed agree with each other.
     */
    private Snapshot snapshot() {
        Snapshot s = recent;
        long now = System.nanoTime();
        if (s == null || now - recentAt > SNAPSHOT_REUSE_NANOS) {
            s = tracker.snapshot();
            recent = s;
            recentAt = now;
        }
        return s;
    }

    @Override
    public long getApplicationOpen() {
        return snapshot().application.open;
    }

    @Override
    public long getApplicationPeak() {
        return snapshot().application.peak;
    }

    @Override
    public long getApplicationAcquired() {
        return snapshot().application.acquired;
    }

    @Override
    public long getApplicationClosed() {
        return snapshot().application.closed;
    }

    @Override
    public long getApplicationLeaked() {
        return snapshot().application.leaked;
    }

    @Override
    public long getApplicationFailed() {
        return snapshot().application.failed;
    }

    @Override
    public long getPoolOpen() {
        return snapshot().pool.open;
    }

    @Override
    public long getPoolAcquired() {
        return snapshot().pool.acquired;
    }

    @Override
    public int getCallsiteCount() {
        return snapshot().callsiteCount;
    }

    @Override
    public int getLimit() {
        return config.limit;
    }

    @Override
    public int getTotalLimit() {
        return config.totalLimit;
    }

    @Override
    public long getHoldThresholdMillis() {
        return config.holdThresholdMillis;
    }

    @Override
    public String getDumpDirectory() {
        return config.dumpDir.toAbsolutePath().normalize().toString();
    }

    @Override
    public TabularData getCallsites() {
        return CallsiteTable.of(snapshot().callsitesByFrame(), config.limit,
                CallsiteRanking.heldTooLong(tracker.openRecords(), config.holdThresholdMillis, System.nanoTime()));
    }

    @Override
    public TabularData getPools() {
        return PoolTable.of(pools.states());
    }

    @Override
    public String dump() {
        Path p = monitor.dump(new Trigger(Trigger.Type.ON_DEMAND, REASON, null, 0, 0));
        return p == null ? null : p.toString();
    }

    @Override
    public String dumpJson() {
        return DumpJson.render(inMemoryDump());
    }

    @Override
    public String dumpText() {
        return DumpText.render(inMemoryDump());
    }

    private Dump inMemoryDump() {
        return monitor.inMemoryDump(new Trigger(Trigger.Type.ON_DEMAND, REASON, null, 0, 0));
    }

    @Override
    public void resetPeaks() {
        tracker.resetPeaks();
        recent = null;
    }
}
