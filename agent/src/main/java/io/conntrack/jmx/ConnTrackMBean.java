package io.conntrack.jmx;

import javax.management.openmbean.TabularData;

/**
 * The management interface registered as {@code io.conntrack:type=ConnTrack}. Uses JDK types only,
 * so any JMX client (JConsole, the conntrack CLI) reads it without the agent's classes.
 * {@link #getInterfaceVersion()} changes when an attribute or operation is removed or changes meaning.
 */
public interface ConnTrackMBean {

    int INTERFACE_VERSION = 1;

    String getVersion();

    int getInterfaceVersion();

    boolean isActive();

    long getApplicationOpen();

    long getApplicationPeak();

    long getApplicationAcquired();

    long getApplicationClosed();

    long getApplicationLeaked();

    long getApplicationFailed();

    long getPoolOpen();

    long getPoolAcquired();

    int getCallsiteCount();

    int getLimit();

    int getTotalLimit();

    long getHoldThresholdMillis();

    String getDumpDirectory();

    TabularData getCallsites();

    /** The pools ConnTrack has seen: their own numbers, ConnTrack's, the exhaustion forecast and advice. */
    TabularData getPools();

    /** Writes a dump into dumpDir now and returns the JSON file's path (null if it could not be written). */
    String dump();

    /** Takes a dump in memory and returns it as JSON; nothing is written in this JVM. */
    String dumpJson();

    /** Takes a dump in memory and returns it as text; nothing is written in this JVM. */
    String dumpText();

    void resetPeaks();
}
