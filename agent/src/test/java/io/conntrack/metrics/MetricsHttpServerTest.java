package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side, started as the agent starts it, with a stand-in source: paths, methods, negotiation, gzip, threads. */
class MetricsHttpServerTest {

    private static final String BIG = "x".repeat(5000);

    private final Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
    private volatile boolean failNext;
    private MetricsServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final MetricsSource source = new MetricsSource() {
        @Override
        public String metrics(TextFormat.Kind kind) {
            handlerThreads.add(Thread.currentThread().getName());
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("boom");
            }
            return kind.name() + " " + BIG + "\n";
        }

        @Override
        public String dumpJson() {
            return "{\"format\":\"conntrack-dump/2\"}";
        }
    };

    @BeforeEach
    void start() throws Exception {
        server = io.conntrack.metrics.http.JdkHttpMetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new MetricsRoutes(source));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(MetricsAddress.url(server.address()) + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void servesPrometheusTextByDefault() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(text(r).startsWith("PROMETHEUS "));
    }

    @Test
    void servesOpenMetricsWhenAsked() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(text(r).startsWith("OPENMETRICS "));
    }

    @Test
    void compressesWhenTheClientAcceptsGzip() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/metrics", "Accept-Encoding", "gzip");
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(r.body().length < BIG.length() / 4);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertArrayEquals(("PROMETHEUS " + BIG + "\n").getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
    }

    @Test
    void servesDumpAsJson() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/dump");
        assertEquals(200, r.statusCode());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"format\":\"conntrack-dump/2\"}", text(r));
    }

    @Test
    void answersOnlyItsPathsAndMethods() throws Exception {
        assertEquals(404, send("GET", "/nope").statusCode());
        assertEquals(404, send("GET", "/metrics/extra").statusCode());
        assertEquals(200, send("GET", "/").statusCode());
        HttpResponse<byte[]> post = send("POST", "/metrics");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<byte[]> head = send("HEAD", "/metrics");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
    }

    @Test
    void aFailingScrapeAnswers500AndTheNextOneWorks() throws Exception {
        failNext = true;
        assertEquals(500, send("GET", "/metrics").statusCode());
        assertEquals(200, send("GET", "/metrics").statusCode());
    }

    @Test
    void runsOnNamedDaemonThreadsOnly() throws Exception {
        assertFalse(Thread.currentThread().isDaemon(), "this test must start the server from a non-daemon thread");
        send("GET", "/metrics");
        assertFalse(handlerThreads.isEmpty());
        for (String name : handlerThreads) {
            assertTrue(name.startsWith("conntrack-metrics-") || name.equals("HTTP-Dispatcher"), name);
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("conntrack-metrics-") || t.getName().equals("HTTP-Dispatcher")) {
                assertTrue(t.isDaemon(), t.getName() + " must be a daemon thread, or it would keep the JVM alive");
            }
        }
    }

    @Test
    void stopReleasesThePort() throws Exception {
        InetSocketAddress a = server.address();
        server.stop();
        assertThrows(IOException.class, () -> send("GET", "/metrics"));
        try (ServerSocket again = new ServerSocket(a.getPort(), 1, a.getAddress())) {
            assertEquals(a.getPort(), again.getLocalPort());
        }
        server = io.conntrack.metrics.http.JdkHttpMetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new MetricsRoutes(source));
    }

    @Test
    void aPortInUseFailsToStart() throws Exception {
        assertThrows(IOException.class, () -> io.conntrack.metrics.http.JdkHttpMetricsServer.start(server.address(), new MetricsRoutes(source)));
    }
}
