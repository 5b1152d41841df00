package com.widgetify.demo;

import java.util.List;

/** One callsite's line of a dump. */
public final class CallsiteRow {

    public final String callsite;
    public final boolean poolOwned;
    public final long open;
    public final long peak;
    public final long acquired;
    public final long closed;
    public final long leaked;
    public final long failed;
    public final double holdP99Millis;
    public final double holdMaxMillis;
    public final List<OpenConnectionRow> oldestOpen;

    public CallsiteRow(String callsite, boolean poolOwned, long open, long peak, long acquired, long closed, long leaked,
                       long failed, double holdP99Millis, double holdMaxMillis, List<OpenConnectionRow> oldestOpen) {
        this.callsite = callsite;
        this.poolOwned = poolOwned;
        this.open = open;
        this.peak = peak;
        this.acquired = acquired;
        this.closed = closed;
        this.leaked = leaked;
        this.failed = failed;
        this.holdP99Millis = holdP99Millis;
        this.holdMaxMillis = holdMaxMillis;
        this.oldestOpen = oldestOpen;
    }

    /** Whether this callsite is the given source line, e.g. {@code ("WidgetReportHandler.java", 31)}. */
    public boolean isLine(String fileName, int line) {
        return Frames.fileAndLine(callsite).equals(fileName + ":" + line);
    }

    public boolean inClass(String className) {
        return className.equals(Frames.className(callsite));
    }

    /** Holds or lost connections: what an operator looks at. */
    public boolean offending() {
        return open > 0 || leaked > 0;
    }
}
