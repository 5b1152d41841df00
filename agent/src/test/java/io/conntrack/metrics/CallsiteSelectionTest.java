package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallsiteSelectionTest {

    private static CallsiteMetrics site(String name, long open, long acquired, long leaked) {
        long[] h = new long[40];
        h[3] = acquired - open - leaked;
        return new CallsiteMetrics(name, open, acquired, acquired - open - leaked, leaked, 0, h, 1000 * h[3]);
    }

    private static List<String> labels(List<CallsiteMetrics> series) {
        List<String> out = new ArrayList<>();
        for (CallsiteMetrics c : series) {
            out.add(c.callsite);
        }
        return out;
    }

    @Test
    void labelsTheBusiestAndSumsTheRestUnderOther() {
        CallsiteSelection s = new CallsiteSelection(2);
        List<CallsiteMetrics> out = s.select(Arrays.asList(site("a", 0, 5, 0), site("b", 1, 50, 0), site("c", 0, 9, 2),
                site("d", 0, 7, 0)));
        assertEquals(Arrays.asList("c", "b", "other"), labels(out));
        CallsiteMetrics other = out.get(2);
        assertEquals(12, other.acquired);
        assertEquals(12, other.closed);
        assertEquals(12, other.holdHistogram[3]);
        assertEquals(12_000, other.holdTotalNanos);
    }

    @Test
    void aLabelIsKeptSoOtherCountersNeverDrop() {
        CallsiteSelection s = new CallsiteSelection(2);
        s.select(Arrays.asList(site("a", 0, 10, 0), site("b", 0, 9, 0)));
        // "c" arrives later and becomes the busiest: it still counts under "other"
        List<CallsiteMetrics> out = s.select(Arrays.asList(site("a", 0, 10, 0), site("b", 0, 9, 0), site("c", 3, 500, 7)));
        assertEquals(Arrays.asList("a", "b", "other"), labels(out));
        assertEquals(500, out.get(2).acquired);
        assertEquals(7, out.get(2).leaked);
    }

    @Test
    void freeLabelsGoToNewcomersUntilTopNAreTaken() {
        CallsiteSelection s = new CallsiteSelection(3);
        s.select(Arrays.asList(site("a", 0, 10, 0)));
        List<CallsiteMetrics> out = s.select(Arrays.asList(site("a", 0, 10, 0), site("b", 0, 1, 0), site("c", 0, 2, 0),
                site("d", 0, 3, 0)));
        assertEquals(Arrays.asList("a", "d", "c", "other"), labels(out));
        assertEquals(1, out.get(3).acquired);
    }
}
