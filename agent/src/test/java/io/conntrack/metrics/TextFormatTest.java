package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextFormatTest {

    @Test
    void negotiatesOpenMetricsOnlyWhenAskedAtLeastAsStronglyAsText() {
        // Prometheus 2.x scrape header
        assertEquals(TextFormat.Kind.OPENMETRICS, TextFormat.negotiate("application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        // Prometheus 3.x default header
        assertEquals(TextFormat.Kind.OPENMETRICS, TextFormat.negotiate("application/openmetrics-text;version=1.0.0;"
                + "escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1"));
        // Prometheus configured with scrape_protocols: [PrometheusText0.0.4]
        assertEquals(TextFormat.Kind.PROMETHEUS, TextFormat.negotiate("text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        assertEquals(TextFormat.Kind.PROMETHEUS, TextFormat.negotiate(null));
        assertEquals(TextFormat.Kind.PROMETHEUS, TextFormat.negotiate("*/*"));
        assertEquals(TextFormat.Kind.PROMETHEUS, TextFormat.negotiate("application/openmetrics-text;q=0"));
        assertEquals(TextFormat.Kind.PROMETHEUS, TextFormat.negotiate("application/openmetrics-text;q=0.2,text/plain"));
        assertEquals(TextFormat.Kind.OPENMETRICS, TextFormat.negotiate("Application/OpenMetrics-Text"));
        assertEquals(TextFormat.Kind.PROMETHEUS, TextFormat.negotiate("application/openmetrics-text;q=bad"));
    }

    @Test
    void escapesLabelValues() {
        assertEquals("callsite=\"a.B.c(B.java:1)\"", TextFormat.label("callsite", "a.B.c(B.java:1)"));
        assertEquals("l=\"q\\\"uote back\\\\slash new\\nline\"", TextFormat.label("l", "q\"uote back\\slash new\nline"));
        assertEquals("l=\"tab\tand unicode \u00e9\"", TextFormat.label("l", "tab\tand unicode \u00e9"));
    }

    @Test
    void writesSecondsExactlyWithoutExponent() {
        assertEquals("0", TextFormat.seconds(0));
        assertEquals("0.000000001", TextFormat.seconds(1));
        assertEquals("0.0015", TextFormat.seconds(1_500_000));
        assertEquals("2", TextFormat.seconds(2_000_000_000L));
        assertEquals("9223372036.854775807", TextFormat.seconds(Long.MAX_VALUE));
    }

    @Test
    void holdBucketsAreEverySecondPowerOfTwoMicroseconds() {
        assertArrayEquals(new String[] {"0.000256", "0.001024", "0.004096", "0.016384", "0.065536", "0.262144",
            "1.048576", "4.194304", "16.777216", "67.108864", "268.435456", "1073.741824", "4294.967296"}, HoldBuckets.LE);
    }

    @Test
    void holdBucketsAreCumulative() {
        long[] h = new long[40];
        h[0] = 5;   // under 2 us
        h[7] = 1;   // [128, 256) us: within le=0.000256
        h[8] = 2;   // [256, 512) us: first counted at le=0.001024
        h[9] = 3;   // [512, 1024) us: also le=0.001024
        h[31] = 4;  // [2^31, 2^32) us: le=4294.967296
        h[39] = 6;  // beyond: only +Inf
        long[] c = HoldBuckets.cumulative(h);
        assertEquals(HoldBuckets.LE.length + 1, c.length);
        assertEquals(6, c[0]);
        assertEquals(11, c[1]);
        assertEquals(11, c[10]);
        assertEquals(15, c[12]);
        assertEquals(21, c[13]);
        assertArrayEquals(new long[HoldBuckets.LE.length + 1], HoldBuckets.cumulative(new long[0]));
    }
}
