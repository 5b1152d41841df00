package io.conntrack.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** Counters of one callsite, emitted periodically for each callsite that holds connections or was used since the last period. */
@Name("conntrack.CallsiteStatistics")
@Label("Callsite Statistics")
@Category("ConnTrack")
@Description("Connection counters of one callsite (counts since the agent started)")
@Period("10 s")
@StackTrace(false)
public final class CallsiteStatisticsEvent extends Event {

    @Label("Callsite")
    String callsite;

    @Label("Pool Owned")
    @Description("Opened by a pool for itself, not handed to application code")
    boolean poolOwned;

    @Label("Open")
    long open;

    @Label("Peak")
    long peak;

    @Label("Acquired")
    long acquired;

    @Label("Closed")
    long closed;

    @Label("Leaked")
    long leaked;

    @Label("Failed")
    long failed;

    @Label("Hold p50")
    @Timespan(Timespan.NANOSECONDS)
    long holdP50;

    @Label("Hold p99")
    @Timespan(Timespan.NANOSECONDS)
    long holdP99;

    @Label("Hold Max")
    @Timespan(Timespan.NANOSECONDS)
    long holdMax;

    @Label("Acquire Wait Max")
    @Timespan(Timespan.NANOSECONDS)
    long acquireWaitMax;
}
