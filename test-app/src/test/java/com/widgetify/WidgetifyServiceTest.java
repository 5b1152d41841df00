package com.widgetify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetify.json.Json;
import com.widgetify.json.JsonObject;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's real behaviour, without the agent: a real pool, a real database, real HTTP. */
class WidgetifyServiceTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private WidgetifyServer service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private void start(int poolSize, long paymentLatencyMillis) throws Exception {
        service = WidgetifyServer.start(new ServiceSettings(0, poolSize, 250, paymentLatencyMillis, 8, 20));
    }

    private HikariPoolMXBean pool() {
        return service.dataSource().getHikariPoolMXBean();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        return HTTP.sendAsync(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void listsTheSeededWidgetsAndGivesTheConnectionBack() throws Exception {
        start(4, 100);
        HttpResponse<String> r = get("/widgets");
        assertEquals(200, r.statusCode());
        assertEquals(20, ((List<?>) Json.parse(r.body())).size());
        await("no active connection", () -> pool().getActiveConnections() == 0);
    }

    @Test
    void reportOfAMissingWidgetLeaksItsConnectionButAnExistingOneDoesNot() throws Exception {
        start(4, 100);
        HttpResponse<String> found = get("/widgets/3/report");
        assertEquals(200, found.statusCode());
        assertEquals("Widget #3", JsonObject.parse(found.body()).string("name"));
        await("no active connection after a report", () -> pool().getActiveConnections() == 0);

        assertEquals(404, get("/widgets/999/report").statusCode());
        assertEquals(404, get("/widgets/998/report").statusCode());
        // Nothing is running, yet HikariCP counts two connections in use: they are gone for good.
        Thread.sleep(300);
        assertEquals(2, pool().getActiveConnections());
    }

    @Test
    void anOrderHoldsItsConnectionForTheWholePaymentCall() throws Exception {
        start(4, 700);
        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<String>> order = postAsync("/orders", "{\"widgetId\":5,\"quantity\":2}");
        await("the order holds a connection", () -> pool().getActiveConnections() == 1);
        HttpResponse<String> r = order.get();
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(700).toNanos(), "the payment call takes its time");
        assertEquals("PAID", JsonObject.parse(r.body()).string("status"));
        await("the order gave its connection back", () -> pool().getActiveConnections() == 0);
        assertEquals(2, JsonObject.parse(get("/widgets/5/report").body()).number("unitsSold", -1));
    }

    @Test
    void badOrdersAreRejectedWithoutHoldingAConnection() throws Exception {
        start(4, 100);
        assertEquals(400, postAsync("/orders", "{\"quantity\":2}").get().statusCode());
        assertEquals(400, postAsync("/orders", "not json").get().statusCode());
        assertEquals(404, postAsync("/orders", "{\"widgetId\":12345}").get().statusCode());
        await("no active connection", () -> pool().getActiveConnections() == 0);
    }

    @Test
    void anExhaustedPoolAnswers503() throws Exception {
        start(2, 100);
        get("/widgets/901/report");
        get("/widgets/902/report");
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("/widgets");
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(250).toNanos(), "it waited connectionTimeout first");
        assertTrue(r.body().contains("service unavailable"), r.body());
    }

    @Test
    void healthShowsThePoolAndNoConnTrackWithoutTheAgent() throws Exception {
        start(3, 100);
        get("/widgets/900/report");
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        JsonObject health = JsonObject.parse(r.body());
        JsonObject pool = health.object("pool");
        assertEquals(1, pool.number("active", -1));
        assertEquals(3, pool.number("maximumPoolSize", -1));
        assertEquals("UP", health.string("status"));
        assertFalse(health.has("conntrack"), "the agent is not loaded in this JVM");

        get("/widgets/899/report");
        get("/widgets/898/report");
        assertEquals("POOL_EXHAUSTED", JsonObject.parse(get("/health").body()).string("status"));
    }

    @Test
    void dumpOnDemandNeedsTheAgent() throws Exception {
        start(2, 100);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/admin/dump"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("ConnTrack is not running"), r.body());
    }

    @Test
    void unknownPathsAndMethods() throws Exception {
        start(2, 100);
        assertEquals(404, get("/nothing").statusCode());
        assertEquals(405, get("/orders").statusCode());
    }
}
