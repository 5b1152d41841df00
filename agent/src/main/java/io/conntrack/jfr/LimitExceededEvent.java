package io.conntrack.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A limit or totalLimit trigger that produced a dump. Committed on the thread that took the dump. */
@Name("conntrack.LimitExceeded")
@Label("Limit Exceeded")
@Category("ConnTrack")
@Description("Open application connections passed limit (one callsite) or totalLimit (all callsites); a dump was taken")
@StackTrace(false)
public final class LimitExceededEvent extends Event {

    @Label("Trigger")
    @Description("limit or totalLimit")
    String trigger;

    @Label("Callsite")
    @Description("The callsite over limit; for totalLimit the top callsite of the dump")
    String callsite;

    @Label("Open")
    long open;

    @Label("Limit")
    long limit;

    @Label("Dump File")
    @Description("The JSON dump written for this trigger; empty when it could not be written")
    String dumpFile;
}
