package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.config.Config;
import io.conntrack.config.ConfigParser;
import io.conntrack.pools.TestPools;
import io.conntrack.reporting.Monitor;
import io.conntrack.tracking.Tracker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The entry point ConnTrack.start calls, in-process: off when unset, one ERROR line when it cannot start. */
class MetricsEndpointTest {

    private static List<String> stderrOf(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    private static MetricsEndpoint[] start(String agentArgs) throws Exception {
        Config config = agentArgs == null ? Config.defaults() : ConfigParser.parse(agentArgs, new Properties());
        Tracker tracker = new Tracker(config, m -> { });
        Monitor monitor = new Monitor(tracker, TestPools.watch(tracker), config, LinkedHashMap::new);
        MetricsEndpoint[] out = new MetricsEndpoint[1];
        List<String> log = stderrOf(() -> out[0] = MetricsEndpoint.startIfConfigured(config, tracker, TestPools.watch(tracker), monitor, () -> true));
        lastLog = log;
        return out;
    }

    private static List<String> lastLog;

    @Test
    void withoutTheOptionNothingStarts() throws Exception {
        assertNull(start(null)[0]);
        assertTrue(lastLog.isEmpty(), lastLog.toString());
    }

    @Test
    void startsServesAndLogsTheBoundAddress() throws Exception {
        MetricsEndpoint e = start("metrics=0")[0];
        assertNotNull(e);
        try {
            assertEquals(1, lastLog.size(), lastLog.toString());
            assertTrue(lastLog.get(0).startsWith("[conntrack] metrics on http://127.0.0.1:" + e.address().getPort() + "/metrics"),
                    lastLog.get(0));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + e.address().getPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(0.0, ExpositionParser.parse(r.body(), ExpositionParser.Format.PROMETHEUS)
                    .value("db_client_connection_count", "state", "used"));
        } finally {
            e.stop();
        }
    }

    @Test
    void aBadValueGivesOneErrorLineAndNoEndpoint() throws Exception {
        assertNull(start("metrics=[::1]9404")[0]);
        assertEquals(1, lastLog.size(), lastLog.toString());
        assertTrue(lastLog.get(0).startsWith("[conntrack] ERROR invalid value '[::1]9404' for option 'metrics': "), lastLog.get(0));
        assertTrue(lastLog.get(0).endsWith("Metrics are off; the rest of ConnTrack runs."), lastLog.get(0));
        assertTrue(lastLog.get(0).contains(" (in the agent argument). Metrics are off"), lastLog.get(0));
    }
}
