package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.metrics.MetricsScenario;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.metrics.ExpositionParser;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Where the endpoint binds, when it refuses, and that a failure costs only the metrics. */
class MetricsBindIT {

    private static InteractiveChild start(String agentArgs, String... jvmArgs) throws Exception {
        InteractiveChild c = InteractiveChild.start(MetricsScenario.class, agentArgs, jvmArgs);
        c.awaitReply("ready", Duration.ofSeconds(60));
        return c;
    }

    private static List<String> errors(InteractiveChild c) {
        return c.stderrLines().stream().filter(l -> l.contains("ERROR")).collect(Collectors.toList());
    }

    /** The rest of the agent works: it is active and counts the workload's borrows. */
    private static void assertTrackingWorks(InteractiveChild c) throws Exception {
        assertEquals("true", c.command("active"));
        c.command("work 7");
        JsonNode s = new ObjectMapper().readTree(c.command("snapshot"));
        long acquired = 0;
        for (JsonNode site : s.get("callsites")) {
            if (site.get("callsite").asText().startsWith("com.acme.metrics.OrderDao.load(")) {
                acquired = site.get("acquired").asLong();
            }
        }
        assertEquals(7, acquired, c.toString());
    }

    private static void assertNoEndpoint(InteractiveChild c) throws Exception {
        assertEquals("0", c.command("listening"), c.toString());
        assertEquals("", c.command("threads"));
        assertTrue(c.stderrLines().stream().noneMatch(l -> l.contains("metrics on http")), c.toString());
    }

    @Test
    void withoutTheMetricsOptionTheAgentOpensNoPort() throws Exception {
        try (InteractiveChild c = start("")) {
            assertTrackingWorks(c);
            assertNoEndpoint(c);
            assertTrue(errors(c).isEmpty(), c.toString());
        }
    }

    @Test
    void anExplicitWildcardAddressBindsEveryInterfaceAndSaysSo() throws Exception {
        try (InteractiveChild c = start("metrics=0.0.0.0:0")) {
            Matcher m = c.awaitStderr(Pattern.compile("WARN metrics on http://0\\.0\\.0\\.0:(\\d+)/metrics .*every interface.*"
                    + "as metrics=0\\.0\\.0\\.0:0 asks"), Duration.ofSeconds(10));
            assertEquals("1", c.command("listening"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            ExpositionParser.parse(r.body(), ExpositionParser.Format.PROMETHEUS);
        }
    }

    @Test
    void aHostNameThatResolvesBeyondLoopbackIsRefused() throws Exception {
        Path hosts = Files.createTempFile("hosts", ".txt");
        Files.writeString(hosts, "10.1.2.3 metrics-host.example\n127.0.0.1 localhost\n");
        try (InteractiveChild c = start("metrics=metrics-host.example:0", "-Djdk.net.hosts.file=" + hosts)) {
            List<String> errors = errors(c);
            assertEquals(1, errors.size(), c.toString());
            String e = errors.get(0);
            assertTrue(e.startsWith("[conntrack] ERROR invalid value 'metrics-host.example:0' for option 'metrics'"), e);
            assertTrue(e.contains("resolves to 10.1.2.3") && e.contains("metrics=0.0.0.0:0") && e.contains("Metrics are off"), e);
            assertNoEndpoint(c);
            assertTrackingWorks(c);
        } finally {
            Files.deleteIfExists(hosts);
        }
    }

    @Test
    void aLoopbackHostNameIsAccepted() throws Exception {
        Path hosts = Files.createTempFile("hosts", ".txt");
        Files.writeString(hosts, "127.0.0.1 localhost\n");
        try (InteractiveChild c = start("metrics=localhost:0", "-Djdk.net.hosts.file=" + hosts)) {
            assertTrue(c.metricsUrl().startsWith("http://127.0.0.1:"));
            assertEquals("1", c.command("listening"));
        } finally {
            Files.deleteIfExists(hosts);
        }
    }

    @Test
    void aMalformedValueCostsOnlyTheMetrics() throws Exception {
        try (InteractiveChild c = start("metrics=not-a-port")) {
            List<String> errors = errors(c);
            assertEquals(1, errors.size(), c.toString());
            assertTrue(errors.get(0).contains("invalid value 'not-a-port' for option 'metrics'"), errors.get(0));
            assertTrue(errors.get(0).contains("[host:]port such as 9404"), errors.get(0));
            assertNoEndpoint(c);
            assertTrackingWorks(c);
        }
    }

    @Test
    void aPortInUseCostsOnlyTheMetrics() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            try (InteractiveChild c = start("metrics=" + taken.getLocalPort())) {
                List<String> errors = errors(c);
                assertEquals(1, errors.size(), c.toString());
                assertTrue(errors.get(0).contains("could not start") && errors.get(0).contains("pick a free port")
                        && errors.get(0).contains("Metrics are off"), errors.get(0));
                assertNoEndpoint(c);
                assertTrackingWorks(c);
            }
        }
    }

    @Test
    void aJvmWithoutTheHttpServerModuleCostsOnlyTheMetrics() throws Exception {
        String modules = "java.base,java.instrument,java.sql,java.management,java.naming,java.logging,jdk.unsupported,"
                + "java.transaction.xa,java.xml,java.net.http";
        try (InteractiveChild c = start("metrics=0", "--limit-modules", modules)) {
            List<String> errors = errors(c);
            assertEquals(1, errors.size(), c.toString());
            assertTrue(errors.get(0).contains("could not start") && errors.get(0).contains("com/sun/net/httpserver")
                    && errors.get(0).contains("--add-modules jdk.httpserver"), errors.get(0));
            assertEquals("0", c.command("listening"));
            assertTrackingWorks(c);
            assertFalse(c.stderrLines().stream().anyMatch(l -> l.contains("metrics on http")));
        }
    }
}
