package com.widgetify.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.widgetify.demo.DemoOptions;
import com.widgetify.demo.LogLine;
import com.widgetify.demo.ServiceProcess;
import com.widgetify.demo.SourceMarkers;
import com.widgetify.load.LoadDriver;
import com.widgetify.load.LoadPlan;
import com.widgetify.load.LoadSummary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ConnTrack's metrics and the shipped alert rules against a real Prometheus: Widgetify in its own JVM
 * with the packaged agent and {@code metrics=127.0.0.1:0}, the {@code prometheus} binary scraping it
 * every second with docs/prometheus/conntrack-alerts.yml loaded, and the demo's leaking load.
 */
class PrometheusAlertsIT {

    private static final String JOB = "widgetify";
    private static final Pattern METRICS_URL = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final long POLL_MILLIS = 200;

    private static String leakCallsite;

    @BeforeAll
    static void needsPrometheusAndTheAgent() throws Exception {
        PrometheusServer.require("prometheus");
        System.out.println("PrometheusAlertsIT: " + PrometheusServer.version());
        leakCallsite = "com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:"
                + SourceMarkers.lineOf("com/widgetify/widgets/WidgetReportHandler.java", "// LEAK:") + ")";
    }

    /**
     * (i) What Prometheus scraped for the leaking line is what the agent's endpoint says, and more than
     * zero; the leak alert fires for that line; Prometheus loaded every shipped rule as written.
     */
    @Test
    void prometheusScrapesTheLeaksTheAgentCountsAndTheLeakAlertFires() throws Exception {
        try (Stack stack = Stack.start("scrape")) {
            List<String> loaded = new ArrayList<>();
            for (JsonNode rule : stack.prometheus.alertingRules()) {
                loaded.add(rule.get("name").asText());
                if ("ConnTrackPoolExhaustionForecast".equals(rule.get("name").asText())) {
                    assertEquals("conntrack_pool_exhaustion_seconds < 300", rule.get("query").asText());
                    assertEquals(0, rule.get("duration").asInt());
                    assertEquals("warning", rule.get("labels").get("severity").asText());
                }
            }
            assertEquals(PrometheusRulesTest.ALERTS, loaded, "the alerting rules Prometheus loaded");

            LoadRun load = LoadRun.start(stack.serviceBase, LoadPlan.standard(8_000));
            String series = "conntrack_callsite_leaked_total{job=\"" + JOB + "\",callsite=\"" + leakCallsite + "\"}";
            long deadline = System.currentTimeMillis() + 40_000;
            double agreed = -1;
            JsonNode leakAlert = null;
            String last = "nothing yet";
            while (System.currentTimeMillis() < deadline && (agreed <= 0 || leakAlert == null)) {
                double before = stack.agentValue("conntrack_callsite_leaked_total", leakCallsite);
                Optional<Double> scraped = stack.prometheus.queryValue(series);
                double after = stack.agentValue("conntrack_callsite_leaked_total", leakCallsite);
                last = "agent " + before + " then " + after + ", Prometheus " + scraped.orElse(null);
                if (scraped.isPresent()) {
                    assertTrue(scraped.get() <= after, "Prometheus has more leaks than the agent ever counted: " + last);
                    if (scraped.get() > 0 && before == after && scraped.get() == after) {
                        agreed = after;
                    }
                }
                if (leakAlert == null) {
                    leakAlert = stack.prometheus.firing("ConnTrackConnectionLeak", "callsite", leakCallsite).orElse(null);
                }
                Thread.sleep(POLL_MILLIS);
            }
            assertTrue(agreed > 0, "Prometheus and the agent never agreed on a leak count above 0 for " + leakCallsite
                    + "; last: " + last + "\n" + stack.describe());
            assertTrue(leakAlert != null, "ConnTrackConnectionLeak never fired for " + leakCallsite + "\n" + stack.describe());
            assertEquals("warning", leakAlert.get("labels").get("severity").asText());
            assertTrue(leakAlert.get("annotations").get("summary").asText().contains("leaked at " + leakCallsite),
                    leakAlert.toString());
            System.out.println("PrometheusAlertsIT: Prometheus and the agent agree: " + agreed + " leaked at " + leakCallsite
                    + "; ConnTrackConnectionLeak firing since " + leakAlert.get("activeAt").asText());
            load.await();
        }
    }

    /**
     * (ii) The pool exhaustion forecast ({@code conntrack_pool_exhaustion_seconds < 300}, from the agent's
     * per-pool metrics) fires in Prometheus before the service answers its first 503.
     */
    @Test
    void forecastAlertFiresBeforeFirst503() throws Exception {
        try (Stack stack = Stack.start("forecast")) {
            LoadRun load = LoadRun.start(stack.serviceBase, LoadPlan.standard(12_000)); // first 503 at about +7s
            long firedAt = -1;
            JsonNode alert = null;
            while (!load.isDone()) {
                if (alert == null) {
                    for (JsonNode a : stack.prometheus.alerts()) {
                        if ("ConnTrackPoolExhaustionForecast".equals(a.get("labels").path("alertname").asText())
                                && "firing".equals(a.path("state").asText())) {
                            firedAt = System.currentTimeMillis(); // seen now: it fired at this moment or earlier
                            alert = a;
                            break;
                        }
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
            LoadSummary summary = load.await();
            String timeline = summary.lines() + "\n" + stack.describe();
            assertTrue(summary.hadOutage(), "no 503: the pool never ran dry, so this proves nothing\n" + timeline);
            if (alert == null) {
                fail("ConnTrackPoolExhaustionForecast never fired; conntrack_pool_exhaustion_seconds now "
                        + stack.prometheus.query("conntrack_pool_exhaustion_seconds") + "\n" + timeline);
            }
            assertTrue(firedAt < summary.firstUnavailableAtMillis, "the forecast alert was first seen firing at +"
                    + (firedAt - summary.startedAtMillis) + "ms, the first 503 came at +"
                    + (summary.firstUnavailableAtMillis - summary.startedAtMillis) + "ms\n" + timeline);
            String pool = alert.get("labels").path("pool").asText();
            assertFalse(pool.isEmpty(), "the alert names the pool: " + alert);
            assertEquals("warning", alert.get("labels").get("severity").asText());
            assertTrue(alert.get("annotations").get("summary").asText().contains("pool " + pool), alert.toString());
            System.out.println("PrometheusAlertsIT: ConnTrackPoolExhaustionForecast for pool " + pool + " seen firing at +"
                    + (firedAt - summary.startedAtMillis) + "ms, " + (summary.firstUnavailableAtMillis - firedAt)
                    + "ms before the first 503 (value " + alert.get("value").asText() + ")");
        }
    }

    /** Widgetify with the agent and its metrics endpoint, and a Prometheus scraping it with the shipped rules. */
    private static final class Stack implements AutoCloseable {

        final ServiceProcess service;
        final URI serviceBase;
        final URI metrics;
        final PrometheusServer prometheus;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();

        private Stack(ServiceProcess service, URI metrics, PrometheusServer prometheus) {
            this.service = service;
            this.serviceBase = URI.create("http://127.0.0.1:" + service.port());
            this.metrics = metrics;
            this.prometheus = prometheus;
        }

        static Stack start(String name) throws Exception {
            Path agent = Path.of(System.getProperty("conntrack.agent.jar", "../agent/target/conntrack-agent.jar"))
                    .toAbsolutePath().normalize();
            assertTrue(Files.isRegularFile(agent), "no agent jar at " + agent + ": build the whole project (mvn verify)");
            Path workDir = Path.of(System.getProperty("widgetify.workDir", "target/it")).resolve("prometheus").resolve(name)
                    .toAbsolutePath();
            DemoOptions options = new DemoOptions(agent, 0, workDir, System.getProperty("java.class.path"));
            List<String> jvm = new ArrayList<>(options.serviceJvmOptions());
            jvm.replaceAll(o -> o.equals(options.agentFlag()) ? o + ",metrics=127.0.0.1:0" : o);
            ServiceProcess service = ServiceProcess.start(jvm, options.classPath, workDir.resolve("service.log"), 30_000);
            try {
                int port = metricsPort(service);
                PrometheusServer prometheus = PrometheusServer.start(workDir, JOB, List.of("127.0.0.1:" + port),
                        List.of(PrometheusServer.rulesDir().resolve(PrometheusRulesTest.RULES)));
                Stack stack = new Stack(service, URI.create("http://127.0.0.1:" + port + "/metrics"), prometheus);
                stack.awaitFirstScrape();
                return stack;
            } catch (Exception | AssertionError e) {
                service.close();
                throw e;
            }
        }

        /** The port of the agent's start-up line "metrics on http://127.0.0.1:N/metrics ...". */
        private static int metricsPort(ServiceProcess service) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                for (LogLine line : service.stderrLines()) {
                    Matcher m = METRICS_URL.matcher(line.text);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the agent printed no 'metrics on http://127.0.0.1:N/metrics' line: " + service.stderrLines());
        }

        private void awaitFirstScrape() throws IOException, InterruptedException {
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline) {
                if (prometheus.queryValue("up{job=\"" + JOB + "\"}").orElse(0.0) == 1.0) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
            throw new AssertionError("Prometheus did not scrape " + metrics + " within 15s: "
                    + prometheus.api("/api/v1/targets") + "\n" + prometheus.logText());
        }

        /** The value the agent's own endpoint gives now for {@code family{callsite="..."}}; 0 when it has no such series. */
        double agentValue(String family, String callsite) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String prefix = family + "{callsite=\"" + callsite + "\"} ";
            return r.body().lines().filter(l -> l.startsWith(prefix))
                    .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim().split(" ")[0]))
                    .findFirst().orElse(0.0);
        }

        String describe() {
            return "service log " + service.stderrLines().size() + " stderr lines; Prometheus log " + prometheus.log();
        }

        @Override
        public void close() throws Exception {
            try {
                prometheus.close();
            } finally {
                service.close();
            }
        }
    }

    /** The demo's load driver on its own thread. */
    private static final class LoadRun {
        private final CompletableFuture<LoadSummary> result = new CompletableFuture<>();

        static LoadRun start(URI base, LoadPlan plan) {
            LoadRun run = new LoadRun();
            Thread t = new Thread(() -> {
                try {
                    run.result.complete(new LoadDriver(base, plan).run());
                } catch (Throwable e) {
                    run.result.completeExceptionally(e);
                }
            }, "prometheus-it-load");
            t.setDaemon(true);
            t.start();
            return run;
        }

        boolean isDone() {
            return result.isDone();
        }

        LoadSummary await() throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
            return result.get(60, TimeUnit.SECONDS);
        }
    }
}
