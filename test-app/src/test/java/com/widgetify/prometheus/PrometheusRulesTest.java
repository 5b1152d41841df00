package com.widgetify.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alert rules (docs/prometheus/conntrack-alerts.yml) through Prometheus's own promtool:
 * they are valid, their unit tests (conntrack-alerts.test.yml) pass, every alert has a case where it
 * fires and one where it stays silent, and the unit tests catch a broken rule.
 */
class PrometheusRulesTest {

    static final String RULES = "conntrack-alerts.yml";
    static final String RULE_TESTS = "conntrack-alerts.test.yml";
    /** Every alert the file must have; the pool ones are issue 16's. */
    static final List<String> ALERTS = List.of("ConnTrackConnectionsHeldAtCallsite", "ConnTrackConnectionLeak",
            "ConnTrackApplicationConnectionsHigh", "ConnTrackTrackingOff", "ConnTrackPoolExhaustionForecast",
            "ConnTrackPoolLost", "ConnTrackPoolSaturated");

    @Test
    void promtoolCheckRulesPasses() throws Exception {
        PrometheusServer.Result r = PrometheusServer.promtool(PrometheusServer.rulesDir(), "check", "rules", RULES);
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.output.contains("SUCCESS: " + ALERTS.size() + " rules found"), r.toString());
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        PrometheusServer.Result r = PrometheusServer.promtool(PrometheusServer.rulesDir(), "test", "rules", RULE_TESTS);
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.output.contains("SUCCESS"), r.toString());
    }

    @Test
    void everyAlertIsShippedAndUnitTestedFiringAndSilent() throws Exception {
        String rules = Files.readString(PrometheusServer.rulesDir().resolve(RULES), StandardCharsets.UTF_8);
        String tests = Files.readString(PrometheusServer.rulesDir().resolve(RULE_TESTS), StandardCharsets.UTF_8);
        List<String> shipped = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*- alert: (\\S+)\\s*$").matcher(rules);
        while (m.find()) {
            shipped.add(m.group(1));
        }
        assertEquals(ALERTS, shipped);
        for (String alert : shipped) {
            String q = Pattern.quote(alert);
            assertTrue(Pattern.compile("alertname: " + q + "\\s*\\n\\s*exp_alerts: \\[\\]").matcher(tests).find(),
                    alert + ": no case where it stays silent in " + RULE_TESTS);
            assertTrue(Pattern.compile("alertname: " + q + "\\s*\\n\\s*exp_alerts:\\s*\\n\\s*- exp_labels:").matcher(tests).find(),
                    alert + ": no case where it fires in " + RULE_TESTS);
        }
        String forecast = rules.substring(rules.indexOf("- alert: ConnTrackPoolExhaustionForecast"));
        forecast = forecast.substring(0, forecast.indexOf("- alert:", 1));
        for (String line : List.of("expr: conntrack_pool_exhaustion_seconds < 300\n", "for: 0m\n", "severity: warning\n",
                "{{ $labels.pool }}", "{{ $value")) {
            assertTrue(forecast.contains(line), "the forecast rule as issue 16 fixes it has " + line + ":\n" + forecast);
        }
    }

    @Test
    void theUnitTestsCatchABrokenForecastRule(@TempDir Path dir) throws Exception {
        String rules = Files.readString(PrometheusServer.rulesDir().resolve(RULES), StandardCharsets.UTF_8);
        String broken = rules.replace("conntrack_pool_exhaustion_seconds < 300", "conntrack_pool_exhaustion_seconds < 200");
        assertNotEquals(rules, broken);
        Files.writeString(dir.resolve(RULES), broken, StandardCharsets.UTF_8);
        Files.copy(PrometheusServer.rulesDir().resolve(RULE_TESTS), dir.resolve(RULE_TESTS));
        PrometheusServer.Result r = PrometheusServer.promtool(dir, "test", "rules", RULE_TESTS);
        assertNotEquals(0, r.exitCode, r.toString());
        assertTrue(r.output.contains("alertname: ConnTrackPoolExhaustionForecast, time: 4m"), r.toString());
        assertFalse(r.output.contains("alertname: ConnTrackConnectionLeak"), "only the broken rule fails: " + r);
    }
}
