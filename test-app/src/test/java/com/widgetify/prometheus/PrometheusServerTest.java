package com.widgetify.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The test helper itself: a missing binary skips or fails, and the configuration it writes is valid. */
class PrometheusServerTest {

    private static final String MISSING = "conntrack-no-such-prometheus-binary";

    @Test
    void aMissingBinaryFailsLoudlyWhenServersAreRequired() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> PrometheusServer.require(MISSING, "1"));
        assertTrue(e.getMessage().contains(MISSING + " not found") && e.getMessage().contains("CONNTRACK_REQUIRE_SERVERS is set"),
                e.getMessage());
    }

    @Test
    void aMissingBinarySkipsWithTheReasonOtherwise() {
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> PrometheusServer.require(MISSING, null));
        assertTrue(e.getMessage().contains("SKIPPED: " + MISSING + " not found"), e.getMessage());
        assertThrows(TestAbortedException.class, () -> PrometheusServer.require(MISSING, ""));
    }

    @Test
    void theConfigurationPasses_promtoolCheckConfig(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("it's rules.yml");
        Files.copy(PrometheusServer.rulesDir().resolve(PrometheusRulesTest.RULES), rules);
        String yaml = PrometheusServer.config("widgetify", List.of("127.0.0.1:9404", "127.0.0.1:9405"), List.of(rules));
        assertTrue(yaml.contains("scrape_interval: 1s") && yaml.contains("evaluation_interval: 1s"), yaml);
        Files.writeString(dir.resolve("prometheus.yml"), yaml, StandardCharsets.UTF_8);
        PrometheusServer.Result r = PrometheusServer.promtool(dir, "check", "config", "prometheus.yml");
        assertEquals(0, r.exitCode, r + "\n" + yaml);
        assertTrue(r.output.contains("SUCCESS: 7 rules found"), r.toString());
    }
}
