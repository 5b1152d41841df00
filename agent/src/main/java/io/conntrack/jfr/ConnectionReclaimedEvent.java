package io.conntrack.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A connection ConnTrack gave back to its pool (reclaim=lost|abandoned). Committed on a conntrack-pool-calls thread. */
@Name("conntrack.ConnectionReclaimed")
@Label("Connection Reclaimed")
@Category("ConnTrack")
@Description("ConnTrack gave a leaked (lost) or abandoned JDBC connection back to its pool; the line that acquired it still leaks")
@StackTrace(false)
public final class ConnectionReclaimedEvent extends Event {

    @Label("Pool")
    String pool;

    @Label("Callsite")
    @Description("Where the application acquired the connection")
    String callsite;

    @Label("Kind")
    @Description("lost: garbage-collected without close(); abandoned: held past reclaimAfter with its acquiring method finished")
    String kind;

    @Label("Held")
    @Description("From acquisition to the leak's discovery (lost) or to the reclaim (abandoned)")
    @Timespan(Timespan.MILLISECONDS)
    long heldMillis;
}
