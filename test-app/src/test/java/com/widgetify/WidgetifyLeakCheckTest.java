package com.widgetify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.conntrack.junit.ConnTrackLeakCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The service under ConnTrack's JUnit extension: tagged for the {@code leak-check} Surefire execution,
 * whose JVM has the agent and registers the extension for every test by auto-detection (see pom.xml).
 * The service starts once for the class, as a cached Spring Boot context would: its pool and its HTTP
 * workers exist before the tests, so {@code allThreads} makes the workers' connections count against
 * the test that sent the request (the tests run one at a time).
 */
@Tag("leak-check")
@ConnTrackLeakCheck(allThreads = true)
class WidgetifyLeakCheckTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static WidgetifyServer service;

    @BeforeAll
    static void start() throws Exception {
        service = WidgetifyServer.start(new ServiceSettings(0, 4, 250, 50, 4, 20));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .timeout(Duration.ofSeconds(10));
        r = body == null ? r.method(method, HttpRequest.BodyPublishers.noBody()) : r.method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listingWidgetsGivesItsConnectionBack() throws Exception {
        assertEquals(200, send("GET", "/widgets", null).statusCode());
    }

    @Test
    void aReportGivesItsConnectionBack() throws Exception {
        assertEquals(200, send("GET", "/widgets/3/report", null).statusCode());
    }

    @Test
    void anOrderGivesItsConnectionBack() throws Exception {
        HttpResponse<String> r = send("POST", "/orders", "{\"widgetId\":5,\"quantity\":2}");
        assertEquals(201, r.statusCode(), r.body());
    }

    /**
     * The demo's leak (docs/testing.md turns its dump into this test). Without the allow-list entry it
     * fails with "1 still open at the end of the test from
     * com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:31)". The demo keeps
     * the bug on purpose, so it is allowed here, for this test only.
     */
    @Test
    @ConnTrackLeakCheck(allow = "com.widgetify.widgets.WidgetReportHandler.serve")
    void aReportOfAMissingWidgetLeaksItsConnection() throws Exception {
        assertEquals(404, send("GET", "/widgets/999/report", null).statusCode());
    }
}
