package io.conntrack.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A connection closed after being held longer than holdThreshold. Committed on the closing thread. */
@Name("conntrack.ConnectionHeld")
@Label("Connection Held Too Long")
@Category("ConnTrack")
@Description("A JDBC connection was closed after being held longer than holdThreshold")
@StackTrace(false)
public final class ConnectionHeldEvent extends Event {

    @Label("Callsite")
    String callsite;

    @Label("Hold Duration")
    @Timespan(Timespan.MILLISECONDS)
    long holdMillis;

    @Label("Hold Threshold")
    @Timespan(Timespan.MILLISECONDS)
    long holdThresholdMillis;

    @Label("Acquiring Thread")
    @Description("The thread that acquired the connection (the event thread is the one that closed it)")
    String acquiringThread;
}
