package com.widgetify.demo;

/** One application callsite the demo blames, and why. */
public final class Finding {

    public enum Kind {
        /** Connections taken and never closed: the pool loses them for good. */
        LEAK,
        /** Connections always closed, but held longer than holdThreshold. */
        HOG
    }

    public final Kind kind;
    public final CallsiteRow callsite;
    /** For a hog: an open connection of this callsite seen in a dump, with its holder's stack; may be null. */
    public final OpenConnectionRow evidence;
    public final DumpFile evidenceDump;

    Finding(Kind kind, CallsiteRow callsite, OpenConnectionRow evidence, DumpFile evidenceDump) {
        this.kind = kind;
        this.callsite = callsite;
        this.evidence = evidence;
        this.evidenceDump = evidenceDump;
    }
}
