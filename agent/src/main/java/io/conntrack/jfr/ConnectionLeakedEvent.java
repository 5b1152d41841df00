package io.conntrack.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A connection the garbage collector found still open. Committed on the conntrack-monitor thread. */
@Name("conntrack.ConnectionLeaked")
@Label("Connection Leaked")
@Category("ConnTrack")
@Description("A JDBC connection was garbage-collected without close()")
@StackTrace(false)
public final class ConnectionLeakedEvent extends Event {

    @Label("Callsite")
    @Description("Where the application acquired the connection")
    String callsite;

    @Label("Age")
    @Description("Time from acquisition until the leak was noticed")
    @Timespan(Timespan.MILLISECONDS)
    long ageMillis;

    @Label("Acquiring Thread")
    String acquiringThread;

    @Label("Acquisition Stack")
    @Description("The stack that acquired the connection, one frame per line; empty when it was not captured (see stacks=)")
    String acquisitionStack;
}
