package io.conntrack.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which callsites get their own {@code callsite} label: at most {@code topN}, the rest summed under
 * {@code callsite="other"}.
 *
 * <p>A callsite keeps its label once it has one. If the top N were re-ranked on every scrape, a
 * callsite moving in or out of "other" would make the "other" counters drop or jump, and a
 * {@code _total} that drops reads as a counter reset to Prometheus: {@code increase(leaked_total)}
 * would then fire on a leak that happened hours ago. Free labels go to the busiest callsites first
 * (leaked, then open, then acquired); once all N are taken, newcomers count under "other", whose
 * counters therefore only grow. Dumps and {@code /dump} still name every callsite.
 */
final class CallsiteSelection {

    static final Comparator<CallsiteMetrics> BUSIEST_FIRST = Comparator
            .comparingLong((CallsiteMetrics c) -> c.leaked).reversed()
            .thenComparing(Comparator.comparingLong((CallsiteMetrics c) -> c.open).reversed())
            .thenComparing(Comparator.comparingLong((CallsiteMetrics c) -> c.acquired).reversed())
            .thenComparing(c -> c.callsite);

    private final int topN;
    private final Set<String> labelled = new HashSet<>();

    CallsiteSelection(int topN) {
        this.topN = topN;
    }

    /** The series to show for these callsites: labelled ones busiest first, then "other" if any. */
    List<CallsiteMetrics> select(List<CallsiteMetrics> callsites) {
        List<CallsiteMetrics> ranked = new ArrayList<>(callsites);
        ranked.sort(BUSIEST_FIRST);
        synchronized (labelled) {
            for (CallsiteMetrics c : ranked) {
                if (labelled.size() >= topN) {
                    break;
                }
                labelled.add(c.callsite);
            }
            List<CallsiteMetrics> out = new ArrayList<>();
            CallsiteMetrics other = null;
            for (CallsiteMetrics c : ranked) {
                if (labelled.contains(c.callsite)) {
                    out.add(c);
                } else {
                    other = (other == null ? CallsiteMetrics.empty(CallsiteMetrics.OTHER) : other).plus(c);
                }
            }
            if (other != null) {
                out.add(other);
            }
            return out;
        }
    }
}
