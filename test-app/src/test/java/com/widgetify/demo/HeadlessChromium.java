package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A real browser for tests: Debian's {@code chromium} (.ci/services.sh installs it), headless, with a
 * fresh profile and its background traffic off, driven over the DevTools protocol (the JDK's WebSocket
 * client, Jackson for the messages). When the binary is missing the calling test is skipped with the
 * reason, or fails when {@code CONNTRACK_REQUIRE_SERVERS} is set (as in CI).
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    private HeadlessChromium(Process process, Path profile, URI endpoint) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(endpoint, new Listener())
                .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The binary, or the test is skipped (failed under CONNTRACK_REQUIRE_SERVERS). */
    static Path require() {
        if (Files.isExecutable(BINARY)) {
            return BINARY;
        }
        String why = BINARY + " not found (Debian: apt-get install chromium; .ci/services.sh installs it)";
        String required = System.getenv("CONNTRACK_REQUIRE_SERVERS");
        if (required != null && !required.isEmpty()) {
            fail(why + "; CONNTRACK_REQUIRE_SERVERS is set");
        }
        abort("SKIPPED: " + why + "; set CONNTRACK_REQUIRE_SERVERS=1 to fail instead");
        throw new AssertionError("unreachable");
    }

    /** Starts the browser with a new profile under {@code workDir}; its output goes to {@code log}. */
    static HeadlessChromium start(Path workDir, Path log) throws Exception {
        Path binary = require();
        Files.createDirectories(workDir);
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        List<String> cmd = List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "about:blank");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "chromium-" + p.pid() + "-stop"));
        AtomicReference<String> endpoint = new AtomicReference<>();
        CountDownLatch listening = new CountDownLatch(1);
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.println(line);
                    int at = line.indexOf("DevTools listening on ");
                    if (at >= 0) {
                        endpoint.set(line.substring(at + "DevTools listening on ".length()).trim());
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // the browser is gone
            } finally {
                out.close();
                listening.countDown();
            }
        }, "chromium-output");
        pump.setDaemon(true);
        pump.start();
        if (!listening.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) || endpoint.get() == null) {
            p.destroyForcibly();
            throw new IOException("chromium did not open its DevTools endpoint within " + START_TIMEOUT_SECONDS + " s; see " + log);
        }
        return new HeadlessChromium(p, profile, URI.create(endpoint.get()));
    }

    /** Calls a DevTools method (in {@code session}, or on the browser when null) and returns its result. */
    JsonNode call(String session, String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
        m.set("params", params == null ? JSON.createObjectNode() : params);
        if (session != null) {
            m.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        socket.sendText(JSON.writeValueAsString(m), true).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        JsonNode r = answer.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IOException(method + " failed: " + r.get("error"));
        }
        return r.get("result");
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** A new tab, attached; returns its session id. */
    String newPage() throws Exception {
        String target = call(null, "Target.createTarget", params().put("url", "about:blank")).get("targetId").asText();
        return call(null, "Target.attachToTarget", params().put("targetId", target).put("flatten", true)).get("sessionId").asText();
    }

    /** The events of {@code method} in {@code session} so far. */
    List<JsonNode> events(String session, String method) {
        List<JsonNode> out = new ArrayList<>();
        synchronized (events) {
            for (JsonNode e : events) {
                if (method.equals(e.path("method").asText()) && session.equals(e.path("sessionId").asText())) {
                    out.add(e.get("params"));
                }
            }
        }
        return out;
    }

    /** Waits until {@code session} had an event {@code method}; fails after {@code seconds}. */
    void await(String session, String method, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (events) {
            while (events(session, method).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + method + " within " + seconds + " s");
                }
                events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** The value of a JavaScript expression in the page (returned by value). */
    JsonNode eval(String session, String expression) throws Exception {
        JsonNode r = call(session, "Runtime.evaluate", params().put("expression", expression).put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new AssertionError(expression + " threw: " + r.get("exceptionDetails"));
        }
        return r.get("result").get("value");
    }

    @Override
    public void close() throws Exception {
        try {
            call(null, "Browser.close", null);
        } catch (Exception e) {
            // it is going anyway
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode m = JSON.readTree(text);
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = calls.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    } else {
                        synchronized (events) {
                            events.add(m);
                            events.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("not JSON from chromium: " + text, e);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
