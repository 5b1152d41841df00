package io.conntrack.config;

/** How often the full acquiring stack is kept (the callsite frame is always kept). */
public enum StackMode {
    /** Callsite frame only. */
    OFF,
    /** One acquisition in {@code stacks.sampleRate} per callsite, and the next acquisitions (a decaying
     *  window) at a callsite that has leaked or held a connection past {@code holdThreshold}. */
    SAMPLED,
    /** Every acquisition. */
    ALL
}
