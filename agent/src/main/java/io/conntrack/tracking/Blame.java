package io.conntrack.tracking;

import java.util.List;

/**
 * Which caller of a callsite its leaked (or long-held) connections came through, when that tells them
 * from the connections it closed in time: a library helper that every query goes through is the
 * callsite, the line one or two application frames above it is where the leak is. Made from the
 * acquiring stacks ConnTrack kept ({@link CallsiteEvidence}).
 */
public final class Blame {

    /** A caller frame and how many acquisitions of each outcome came through it. */
    public static final class Path {
        public final String frame;
        public final int leaked;
        public final int heldLong;
        public final int closed;

        Path(String frame, int leaked, int heldLong, int closed) {
            this.frame = frame;
            this.leaked = leaked;
            this.heldLong = heldLong;
            this.closed = closed;
        }

        public int bad() {
            return leaked + heldLong;
        }
    }

    /** Application frames above the callsite where the paths part: 1 is its direct caller. */
    public final int depth;
    /** The callers the leaked or long-held connections came through, most first; none of them closed one. */
    public final List<Path> via;
    /** The callers the connections closed in time came through, most first. */
    public final List<Path> healthy;

    Blame(int depth, List<Path> via, List<Path> healthy) {
        this.depth = depth;
        this.via = via;
        this.healthy = healthy;
    }

    /** The frame to fix: the one most of the leaked or long-held connections came through. */
    public String frame() {
        return via.get(0).frame;
    }

    public int leaked() {
        int n = 0;
        for (Path p : via) {
            n += p.leaked;
        }
        return n;
    }

    public int heldLong() {
        int n = 0;
        for (Path p : via) {
            n += p.heldLong;
        }
        return n;
    }

    /**
     * For people: {@code leaked 5, all via X; closed 6 via Y}, or {@code leaked 5: 3 via X, 2 via Z;
     * closed 6 via Y, 2 via W}.
     */
    public String describe() {
        StringBuilder b = new StringBuilder();
        int leaked = leaked();
        int held = heldLong();
        String what = leaked > 0 && held > 0 ? "leaked " + leaked + " and held too long " + held
                : leaked > 0 ? "leaked " + leaked : "held too long " + held;
        b.append(what);
        if (via.size() == 1) {
            b.append(", all via ").append(via.get(0).frame);
        } else {
            b.append(":");
            for (int i = 0; i < via.size(); i++) {
                b.append(i == 0 ? " " : ", ").append(via.get(i).bad()).append(" via ").append(via.get(i).frame);
            }
        }
        b.append("; closed in time ");
        for (int i = 0; i < healthy.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(healthy.get(i).closed).append(" via ").append(healthy.get(i).frame);
        }
        return b.toString();
    }
}
