package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.metrics.ExpositionParser.Exposition;
import io.conntrack.metrics.ExpositionParser.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test parser itself: it must accept valid expositions and reject each kind of invalid one. */
class ExpositionParserTest {

    private static final String VALID_0_0_4 = ""
            + "# HELP up Whether it is up.\n"
            + "# TYPE up gauge\n"
            + "up 1\n"
            + "# a free comment\n"
            + "\n"
            + "# HELP req_total Requests with a \\\\ and a \\n.\n"
            + "# TYPE req_total counter\n"
            + "req_total{path=\"/a\",code=\"200\"} 3\n"
            + "req_total{path=\"q\\\"uo\\\\te\\nd\",code=\"500\"} 0 1700000000000\n"
            + "# TYPE lat_seconds histogram\n"
            + "lat_seconds_bucket{site=\"x\",le=\"0.001\"} 1\n"
            + "lat_seconds_bucket{site=\"x\",le=\"1\"} 4\n"
            + "lat_seconds_bucket{site=\"x\",le=\"+Inf\"} 4\n"
            + "lat_seconds_count{site=\"x\"} 4\n"
            + "lat_seconds_sum{site=\"x\"} 1.5e-3\n"
            + "# TYPE wait summary\n"
            + "wait{quantile=\"0.5\"} NaN\n"
            + "wait_sum 0\n"
            + "wait_count 0\n"
            + "loose_metric{a=\"b\",} -Inf\n";

    private static final String VALID_OM = ""
            + "# TYPE req counter\n"
            + "# HELP req Requests.\n"
            + "req_total{code=\"200\"} 3\n"
            + "req_created{code=\"200\"} 1.7e9\n"
            + "# TYPE temp_celsius gauge\n"
            + "# UNIT temp_celsius celsius\n"
            + "temp_celsius -1.5\n"
            + "# TYPE lat_seconds histogram\n"
            + "lat_seconds_bucket{le=\"0.5\"} 0\n"
            + "lat_seconds_bucket{le=\"+Inf\"} 2\n"
            + "lat_seconds_count 2\n"
            + "lat_seconds_sum 7\n"
            + "# EOF\n";

    @Test
    void acceptsValidPrometheusText() {
        Exposition e = ExpositionParser.parse(VALID_0_0_4, Format.PROMETHEUS);
        assertEquals(1.0, e.value("up"));
        assertEquals(3.0, e.value("req_total", "path", "/a", "code", "200"));
        assertEquals(0.0, e.value("req_total", "path", "q\"uo\\te\nd", "code", "500"));
        assertEquals(4.0, e.value("lat_seconds_bucket", "site", "x", "le", "+Inf"));
        assertEquals(0.0015, e.value("lat_seconds_sum", "site", "x"));
        assertTrue(Double.isNaN(e.value("wait", "quantile", "0.5")));
        assertEquals(Double.NEGATIVE_INFINITY, e.value("loose_metric", "a", "b"));
        assertEquals("counter", e.families.get("req_total").type);
        assertEquals("Requests with a \\ and a \n.", e.families.get("req_total").help);
        assertEquals("untyped", e.families.get("loose_metric").type);
    }

    @Test
    void acceptsValidOpenMetrics() {
        Exposition e = ExpositionParser.parse(VALID_OM, Format.OPENMETRICS);
        assertEquals(3.0, e.value("req_total", "code", "200"));
        assertEquals("counter", e.families.get("req").type);
        assertEquals("celsius", e.families.get("temp_celsius").unit);
        assertEquals(2.0, e.value("lat_seconds_count"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "up 1",                                             // no final newline
        "up 1\r\n",                                         // carriage return
        "1up 1\n",                                          // bad metric name
        "up{1a=\"x\"} 1\n",                                 // bad label name
        "up{__name=\"x\"} 1\n",                             // reserved label name
        "up{a=x} 1\n",                                      // unquoted label value
        "up{a=\"x\\t\"} 1\n",                               // bad escape
        "up{a=\"x\"\"} 1\n",                                // unescaped quote
        "up{a=\"x\",a=\"y\"} 1\n",                          // duplicate label
        "up{a=\"x\" 1\n",                                   // unterminated label set
        "up 1\nup 2\n",                                     // duplicate series
        "up one\n",                                         // bad value
        "up  1\n",                                          // two spaces
        "up 1 2 3\n",                                       // too many fields
        "up 1 1.5\n",                                       // float timestamp in 0.0.4
        "up 1\n# TYPE up gauge\n",                          // TYPE after samples
        "# TYPE up gauge\n# TYPE up gauge\nup 1\n",         // TYPE twice
        "# TYPE up meter\nup 1\n",                          // unknown type
        "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n", // family split in two
        "# TYPE c_total counter\nc_total -1\n",             // negative counter
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n",                         // no +Inf bucket
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n",           // not cumulative
        "# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\n", // le descending
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n",                     // count differs
        "# TYPE h histogram\nh_bucket 2\n",                                              // bucket without le
        "# TYPE h histogram\nh_bucket{le=\"x\"} 2\n",                                    // bad le
        "# TYPE s summary\ns 1\n",                                                       // quantile missing
        "# HELP up a \\t tab\nup 1\n",                      // bad escape in HELP
    })
    void rejectsInvalidPrometheusText(String text) {
        assertThrows(ExpositionParser.Invalid.class, () -> ExpositionParser.parse(text, Format.PROMETHEUS));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "up 1\n",                                           // no # EOF
        "up 1\n# EOF\nup 2\n",                              // text after # EOF
        "up 1\n\n# EOF\n",                                  // empty line
        "# a comment\nup 1\n# EOF\n",                       // free comment
        "# TYPE c_total counter\nc_total 1\n# EOF\n",       // counter family named with _total
        "# TYPE c counter\nc 1\n# EOF\n",                   // counter sample without _total
        "up{a=\"b\",} 1\n# EOF\n",                          // trailing comma
        "# TYPE t_celsius gauge\n# UNIT t_celsius seconds\nt_celsius 1\n# EOF\n",  // unit not a suffix
        "# TYPE h histogram\nh_bucket{x=\"1\",le=\"+Inf\"} 1\nh_bucket{x=\"2\",le=\"+Inf\"} 1\n"
                + "h_count{x=\"1\"} 1\nh_count{x=\"2\"} 1\n# EOF\n",  // series not grouped
    })
    void rejectsInvalidOpenMetrics(String text) {
        assertThrows(ExpositionParser.Invalid.class, () -> ExpositionParser.parse(text, Format.OPENMETRICS));
    }

    @Test
    void namesTheLineOfTheError() {
        ExpositionParser.Invalid e = assertThrows(ExpositionParser.Invalid.class,
                () -> ExpositionParser.parse("up 1\ndown{a=\"\\x\"} 1\n", Format.PROMETHEUS));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
    }
}
