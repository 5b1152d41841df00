package com.widgetify.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadSummaryTest {

    @Test
    void percentilesAreNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // 1..100, unsorted
        }
        Percentiles p = new Percentiles(values);
        assertEquals(50, p.at(50));
        assertEquals(99, p.at(99));
        assertEquals(100, p.at(100));
        assertEquals(1, p.at(0));
        assertEquals(7, new Percentiles(new long[] {7}).at(99));
        assertEquals(0, new Percentiles(new long[0]).at(50));
    }

    @Test
    void countsByClassAndFindsTheEarliest503() {
        List<Outcome> outcomes = Arrays.asList(
                new Outcome("GET /widgets", 200, 5, 1_000),
                new Outcome("GET /widgets", 503, 300, 4_000),
                new Outcome("POST /orders", 503, 301, 3_500), // finished earlier, recorded later
                new Outcome("GET /widgets/{missing}/report", 404, 4, 2_000),
                new Outcome("POST /orders", 201, 3000, 3_100),
                new Outcome("GET /widgets", -1, 10_000, 5_000));
        LoadSummary s = new LoadSummary(500, 5_000, outcomes);
        assertEquals(6, s.requests);
        assertEquals(2, s.ok);
        assertEquals(2, s.unavailable);
        assertEquals(2, s.other);
        assertTrue(s.hadOutage());
        assertEquals(3_500, s.firstUnavailableAtMillis);
        assertEquals("POST /orders", s.firstUnavailableEndpoint);
        assertEquals(300, s.p50Millis);
        assertEquals(10_000, s.p99Millis);
        String text = String.join("\n", s.lines());
        assertTrue(text.contains("requests 6  2xx 2  503 2  other 2"), text);
        assertTrue(text.contains("(+3.0s after the load started, POST /orders)"), text);
    }

    @Test
    void noOutageSaysSo() {
        LoadSummary s = new LoadSummary(0, 1_000, Collections.singletonList(new Outcome("GET /widgets", 200, 3, 10)));
        assertFalse(s.hadOutage());
        assertEquals(-1, s.firstUnavailableAtMillis);
        assertTrue(s.lines().contains("no 503 at all"));
    }
}
