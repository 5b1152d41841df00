package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.metrics.MetricsScenario;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.metrics.ExpositionParser.Exposition;
import io.conntrack.metrics.ExpositionParser.Format;
import io.conntrack.metrics.ExpositionParser;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scrapes the endpoint of a child JVM started with {@code -javaagent:conntrack-agent.jar=metrics=0}
 * running HikariCP + H2, and checks what it serves against the agent's own snapshot and dumps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsScrapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OM_ACCEPT = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private InteractiveChild child;
    private String base;

    @BeforeAll
    void startChild() throws Exception {
        child = InteractiveChild.start(MetricsScenario.class, "metrics=0");
        child.awaitReply("ready", Duration.ofSeconds(60));
        base = child.metricsUrl();
        assertTrue(base.startsWith("http://127.0.0.1:"), base);
    }

    @AfterAll
    void stopChild() throws Exception {
        if (child != null) {
            child.close();
        }
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private Exposition scrape() throws Exception {
        HttpResponse<byte[]> r = get("/metrics");
        assertEquals(200, r.statusCode());
        return ExpositionParser.parse(new String(r.body(), StandardCharsets.UTF_8), Format.PROMETHEUS);
    }

    private static String callsite(JsonNode snapshot, String prefix) {
        for (JsonNode c : snapshot.get("callsites")) {
            if (c.get("callsite").asText().startsWith(prefix)) {
                return c.get("callsite").asText();
            }
        }
        throw new AssertionError("no callsite starting with " + prefix + " in " + snapshot);
    }

    @Test
    @Order(1)
    void theEndpointIsTheOnlyPortAndRunsOnDaemonThreads() throws Exception {
        assertEquals("1", child.command("listening"));
        scrape(); // make sure a worker thread exists
        String threads = child.command("threads");
        assertTrue(threads.contains("HTTP-Dispatcher:daemon"), threads);
        assertTrue(threads.contains("conntrack-metrics-1:daemon"), threads);
        assertTrue(!threads.contains(":user"), threads);
        assertTrue(child.stderrLines().stream().anyMatch(l -> l.contains("loopback only")
                && l.contains("unlike the Prometheus JMX exporter")), child.toString());
    }

    @Test
    @Order(2)
    void scrapesDuringAWorkloadAreValidAndCountersOnlyGrow() throws Exception {
        child.command("busy on");
        try {
            double last = -1;
            for (int i = 0; i < 20; i++) {
                boolean openMetrics = i % 2 == 1;
                HttpResponse<byte[]> r = openMetrics ? get("/metrics", "Accept", OM_ACCEPT) : get("/metrics", "Accept-Encoding", "gzip");
                assertEquals(200, r.statusCode());
                byte[] body = r.body();
                if (r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        body = in.readAllBytes();
                    }
                }
                String text = new String(body, StandardCharsets.UTF_8);
                Exposition e = ExpositionParser.parse(text, openMetrics ? Format.OPENMETRICS : Format.PROMETHEUS);
                assertEquals(openMetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                        : "text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
                double acquired = 0;
                for (ExpositionParser.Sample s : e.samples("conntrack_callsite_acquired_total")) {
                    if (s.labels.get("callsite").startsWith("com.acme.metrics.OrderDao.load(")) {
                        acquired = s.value;
                    }
                }
                assertTrue(acquired >= last, "acquired_total went from " + last + " to " + acquired);
                last = acquired;
                Thread.sleep(20);
            }
            assertTrue(last > 0, "the workload was seen");
        } finally {
            child.command("busy off");
        }
    }

    @Test
    @Order(3)
    void valuesMatchTheSnapshotAtAQuietMoment() throws Exception {
        child.command("work 50");
        assertEquals("2", child.command("hold 2"));
        assertEquals("3", child.command("leak 3"));

        JsonNode before = null;
        JsonNode after = null;
        Exposition e = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            before = JSON.readTree(child.command("snapshot"));
            e = scrape();
            after = JSON.readTree(child.command("snapshot"));
            if (before.get("callsites").equals(after.get("callsites")) && before.get("totals").equals(after.get("totals"))) {
                break;
            }
        }
        assertEquals(before.get("callsites"), after.get("callsites"), "no quiet moment in 5 attempts");

        int application = 0;
        for (JsonNode c : after.get("callsites")) {
            if (c.get("poolOwned").asBoolean()) {
                assertTrue(e.samples("conntrack_callsite_open").stream()
                        .noneMatch(s -> s.labels.get("callsite").equals(c.get("callsite").asText())));
                continue;
            }
            application++;
            String site = c.get("callsite").asText();
            assertEquals(c.get("open").asDouble(), e.value("conntrack_callsite_open", "callsite", site), site);
            assertEquals(c.get("acquired").asDouble(), e.value("conntrack_callsite_acquired_total", "callsite", site), site);
            assertEquals(c.get("closed").asDouble(), e.value("conntrack_callsite_closed_total", "callsite", site), site);
            assertEquals(c.get("leaked").asDouble(), e.value("conntrack_callsite_leaked_total", "callsite", site), site);
            assertEquals(c.get("failed").asDouble(), e.value("conntrack_callsite_failed_total", "callsite", site), site);
            assertEquals(c.get("closed").asDouble(), e.value("conntrack_callsite_hold_seconds_count", "callsite", site), site);
        }
        assertEquals(application, e.samples("conntrack_callsite_open").size(), "one series per application callsite");

        JsonNode app = after.get("totals").get("application");
        JsonNode pool = after.get("totals").get("pool");
        assertEquals(app.get("open").asDouble(), e.value("db_client_connection_count", "state", "used"));
        assertEquals(app.get("peak").asDouble(), e.value("conntrack_application_open_peak"));
        assertEquals(app.get("closed").asDouble(), e.value("db_client_connection_use_time_seconds_count"));
        assertEquals(app.get("acquired").asDouble(), e.value("db_client_connection_wait_time_seconds_count"));
        assertEquals(pool.get("open").asDouble(), e.value("conntrack_pool_connections_open"));
        assertEquals(pool.get("acquired").asDouble(), e.value("conntrack_pool_connections_opened_total"));
        assertEquals(after.get("totals").get("callsites").asDouble(), e.value("conntrack_callsites"));
        assertEquals(1.0, e.value("conntrack_tracking_active"));

        assertEquals(2.0, e.value("conntrack_callsite_open", "callsite", callsite(after, "com.acme.metrics.ReportDao.openInto(")));
        assertEquals(3.0, e.value("conntrack_callsite_leaked_total", "callsite", callsite(after, "com.acme.metrics.LeakyDao.leak(")));
        assertTrue(pool.get("open").asLong() >= 12, "HikariCP's physical connections: " + pool);
    }

    @Test
    @Order(4)
    void dumpServesAnOnDemandDumpWithoutWritingAFile() throws Exception {
        JsonNode snapshot = JSON.readTree(child.command("snapshot"));
        HttpResponse<byte[]> r = get("/dump");
        assertEquals(200, r.statusCode());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode dump = JSON.readTree(r.body());
        assertEquals("conntrack-dump/3", dump.get("format").asText());
        assertEquals("onDemand", dump.get("trigger").get("type").asText());
        assertEquals(snapshot.get("totals"), dump.get("totals"));
        String held = callsite(snapshot, "com.acme.metrics.ReportDao.openInto(");
        JsonNode heldSite = null;
        for (JsonNode c : dump.get("callsites")) {
            if (c.get("callsite").asText().equals(held)) {
                heldSite = c;
            }
        }
        assertNotNull(heldSite, dump.toString());
        assertEquals(2, heldSite.get("oldestOpen").size());
        assertTrue(dump.get("agent").has("dumpsWritten"));
        // the monitor may write its own dumps (the leak above) meanwhile; an on-demand one would be ours
        String files = child.command("dumps");
        assertFalse(files.contains("-onDemand"), "/dump wrote a file: " + files);
    }

    @Test
    @Order(5)
    void survivesAThousandConcurrentScrapes() throws Exception {
        child.command("busy on");
        ExecutorService clients = Executors.newFixedThreadPool(50);
        long started = System.nanoTime();
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                results.add(clients.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        HttpResponse<byte[]> r = get(i % 5 == 4 ? "/dump" : "/metrics");
                        if (r.statusCode() != 200) {
                            return "status " + r.statusCode();
                        }
                        if (i % 5 != 4) {
                            ExpositionParser.parse(new String(r.body(), StandardCharsets.UTF_8), Format.PROMETHEUS);
                        }
                    }
                    return "ok";
                }));
            }
            for (Future<String> f : results) {
                assertEquals("ok", f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
            child.command("busy off");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("[metrics-it] 1000 concurrent requests (50 clients x 20, 1 in 5 /dump) took " + millis + " ms");
        assertEquals(200, get("/metrics").statusCode(), "still answers afterwards");
        assertEquals("1", child.command("listening"));
        assertTrue(child.stderrLines().stream().noneMatch(l -> l.contains("ERROR")), child.toString());
    }

    @Test
    @Order(6)
    void theJvmEndsWhenMainReturnsWithTheEndpointRunning() throws Exception {
        assertEquals(0, child.quitAndAwaitExit(Duration.ofSeconds(30)), child.toString());
    }
}
