package io.conntrack.tracking;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one callsite's kept acquiring stacks say, gathered by the housekeeper (never on the hot path):
 * its last few leaked connections with their stacks, and which application frames above the callsite
 * its leaked, long-held and closed connections came through, for {@link Blame}. Made at the callsite's
 * first leak or first analysed stack; bounded (a few KB at most).
 */
final class CallsiteEvidence {

    /** Leaked connections kept per callsite, newest first. */
    static final int RECENT_LEAKS = 5;
    /** Application frames above the callsite looked at. */
    static final int MAX_DEPTH = 3;
    /** Distinct caller frames counted per depth; later new ones are not (the first ones seen are the common ones). */
    static final int MAX_FRAMES_PER_DEPTH = 32;
    static final int LEAKED = 0;
    static final int HELD_LONG = 1;
    static final int CLOSED = 2;

    private final Callsite site;
    private final ArrayDeque<LeakedConnection> recentLeaks = new ArrayDeque<>(RECENT_LEAKS);
    /** Per depth (0: the direct caller), caller frame to counts by outcome. */
    private final List<Map<String, int[]>> paths = new ArrayList<>(MAX_DEPTH);

    CallsiteEvidence(Callsite site) {
        this.site = site;
        for (int i = 0; i < MAX_DEPTH; i++) {
            paths.add(new HashMap<>());
        }
    }

    synchronized void leaked(LeakedConnection c) {
        if (recentLeaks.size() == RECENT_LEAKS) {
            recentLeaks.removeLast();
        }
        recentLeaks.addFirst(c);
    }

    synchronized List<LeakedConnection> recentLeaks() {
        return recentLeaks.isEmpty() ? List.of() : new ArrayList<>(recentLeaks);
    }

    /** One acquisition with its stack ({@code frames}, the instrumented method first) ended this way. */
    synchronized void path(StackTraceElement[] frames, int outcome, FrameClassifier classifier) {
        int at = indexOfCallsite(frames);
        if (at < 0) {
            return; // the stack does not show the callsite's line (a marked line): nothing to compare
        }
        int depth = 0;
        for (int i = at + 1; i < frames.length && depth < MAX_DEPTH; i++) {
            String c = frames[i].getClassName();
            if (FrameClassifier.isGenerated(c) || classifier.classify(c) != FrameClassifier.Kind.APP) {
                continue;
            }
            Map<String, int[]> m = paths.get(depth++);
            String frame = Frames.render(frames[i]);
            int[] n = m.get(frame);
            if (n == null) {
                if (m.size() >= MAX_FRAMES_PER_DEPTH) {
                    continue;
                }
                n = new int[3];
                m.put(frame, n);
            }
            n[outcome]++;
        }
    }

    private int indexOfCallsite(StackTraceElement[] frames) {
        for (int i = 0; i < frames.length; i++) {
            StackTraceElement f = frames[i];
            if (f.getLineNumber() == site.line && f.getMethodName().equals(site.methodName) && f.getClassName().equals(site.className)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The nearest depth at which the callers of leaked or long-held connections and the callers of
     * connections closed in time are different frames, with both sides seen; null when there is no such
     * depth (one caller does both, or only one side was seen: the callsite itself is then the line).
     */
    synchronized Blame blame() {
        for (int d = 0; d < MAX_DEPTH; d++) {
            List<Blame.Path> bad = new ArrayList<>();
            List<Blame.Path> good = new ArrayList<>();
            Set<String> badFrames = new HashSet<>();
            boolean mixed = false;
            for (Map.Entry<String, int[]> e : paths.get(d).entrySet()) {
                int[] n = e.getValue();
                Blame.Path p = new Blame.Path(e.getKey(), n[LEAKED], n[HELD_LONG], n[CLOSED]);
                if (p.bad() > 0) {
                    bad.add(p);
                    badFrames.add(p.frame);
                    mixed |= p.closed > 0;
                } else if (p.closed > 0) {
                    good.add(p);
                }
            }
            if (bad.isEmpty() || good.isEmpty() && !mixed) {
                return null; // nothing leaked via a caller seen, or nothing closed to compare with
            }
            if (mixed) {
                continue; // a caller that both leaks and closes: the paths part further up, if anywhere
            }
            bad.sort(Comparator.comparingInt(Blame.Path::bad).reversed().thenComparing(p -> p.frame));
            good.sort(Comparator.comparingInt((Blame.Path p) -> p.closed).reversed().thenComparing(p -> p.frame));
            return new Blame(d + 1, Collections.unmodifiableList(top(bad)), Collections.unmodifiableList(top(good)));
        }
        return null;
    }

    private static List<Blame.Path> top(List<Blame.Path> l) {
        return l.size() <= 3 ? l : new ArrayList<>(l.subList(0, 3));
    }
}
