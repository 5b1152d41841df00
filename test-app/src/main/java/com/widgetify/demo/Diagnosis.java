package com.widgetify.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a run's dumps into findings, the way an operator would read them: a callsite with leaked
 * connections (or still holding some once the load has stopped) leaks; one that closes everything
 * but held a connection past holdThreshold hogs.
 */
public final class Diagnosis {

    private Diagnosis() {
    }

    /**
     * @param dumps every dump of the run, oldest first
     * @param quiescent the dump taken after the load had stopped and every request had been answered
     *                  (no connection should be open then), or null
     */
    public static List<Finding> of(List<DumpFile> dumps, DumpFile quiescent, long holdThresholdMillis) {
        List<Finding> out = new ArrayList<>();
        DumpFile last = quiescent != null ? quiescent : dumps.isEmpty() ? null : dumps.get(dumps.size() - 1);
        if (last == null) {
            return out;
        }
        for (CallsiteRow c : last.callsites) {
            if (c.leaked > 0 || (last == quiescent && c.open > 0)) {
                out.add(new Finding(Finding.Kind.LEAK, c, null, null));
            } else if (c.holdMaxMillis >= holdThresholdMillis) {
                out.add(hog(c, dumps, holdThresholdMillis));
            }
        }
        return out;
    }

    /**
     * A hog's evidence: a long-held connection of it in a dump whose holder was still inside the
     * callsite's class when the dump looked (a holder that had already moved on says nothing). The
     * first whose stack shows the callsite class's line numbers wins; failing that, the first found
     * (a request running while the agent rewrote the class shows "Unknown Source" for it).
     */
    private static Finding hog(CallsiteRow c, List<DumpFile> dumps, long holdThresholdMillis) {
        String callsiteClass = Frames.className(c.callsite);
        Finding first = null;
        for (DumpFile d : dumps) {
            CallsiteRow then = find(d, c.callsite);
            if (then == null) {
                continue;
            }
            for (OpenConnectionRow o : then.oldestOpen) {
                if (o.ageMillis >= holdThresholdMillis && o.holderIsInClass(callsiteClass)) {
                    if (o.holderHasLinesIn(callsiteClass)) {
                        return new Finding(Finding.Kind.HOG, c, o, d);
                    }
                    if (first == null) {
                        first = new Finding(Finding.Kind.HOG, c, o, d);
                    }
                }
            }
        }
        return first != null ? first : new Finding(Finding.Kind.HOG, c, null, null);
    }

    private static CallsiteRow find(DumpFile d, String callsite) {
        for (CallsiteRow r : d.callsites) {
            if (r.callsite.equals(callsite)) {
                return r;
            }
        }
        return null;
    }
}
