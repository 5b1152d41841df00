package com.widgetify.prometheus;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus for tests: the {@code prometheus} binary (Debian's package; .ci/services.sh installs
 * it) on 127.0.0.1 and a free port, with a temporary storage folder, scraping the given targets every
 * second and evaluating the given rule files every second; and {@code promtool}. Answers of the HTTP
 * API are read with Jackson.
 *
 * <p>When a binary is missing the calling test is skipped with the reason, or fails when
 * {@code CONNTRACK_REQUIRE_SERVERS} is set (as in CI).
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final Process process;
    private final URI base;
    private final Path storage;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, URI base, Path storage, Path log) {
        this.process = process;
        this.base = base;
        this.storage = storage;
        this.log = log;
        // a test JVM that ends without close() (a killed build) takes its Prometheus along
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "prometheus-" + process.pid() + "-stop"));
    }

    /** The folder of the shipped rules and their promtool unit tests (docs/prometheus). */
    public static Path rulesDir() {
        return Path.of(System.getProperty("conntrack.prometheus.rules", "../docs/prometheus")).toAbsolutePath().normalize();
    }

    /** The executable {@code name} on the PATH (or in /usr/bin), or the test is skipped or failed. */
    public static Path require(String name) {
        return require(name, System.getenv("CONNTRACK_REQUIRE_SERVERS"));
    }

    static Path require(String name, String requireServers) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        String why = name + " not found on the PATH (Debian: apt-get install prometheus; .ci/services.sh installs it)";
        if (requireServers != null && !requireServers.isEmpty()) {
            fail(why + "; CONNTRACK_REQUIRE_SERVERS is set");
        }
        abort("SKIPPED: " + why + "; set CONNTRACK_REQUIRE_SERVERS=1 to fail instead");
        throw new AssertionError("unreachable");
    }

    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** A finished command: exit code and its stdout and stderr together. */
    public static final class Result {
        public final int exitCode;
        public final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    /** Runs {@code promtool args...} in {@code dir} and waits (at most a minute). */
    public static Result promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require("promtool").toString());
        cmd.addAll(List.of(args));
        return run(dir, cmd);
    }

    /** The first line of {@code prometheus --version}, e.g. "prometheus, version 2.42.0+ds (branch: ...)". */
    public static String version() throws IOException, InterruptedException {
        Result r = run(Path.of("."), List.of(require("prometheus").toString(), "--version"));
        return r.output.lines().findFirst().orElse("?").trim();
    }

    private static Result run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not end within 60s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code workDir/prometheus.yml} (scrape and evaluation every second; one job
     * {@code jobName} with the {@code host:port} targets; the rule files) and starts Prometheus on
     * 127.0.0.1 and a free port with a new storage folder under {@code workDir}; returns once it is ready.
     */
    public static PrometheusServer start(Path workDir, String jobName, List<String> targets, List<Path> ruleFiles)
            throws IOException, InterruptedException {
        Path binary = require("prometheus");
        Files.createDirectories(workDir);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, config(jobName, targets, ruleFiles), StandardCharsets.UTF_8);
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) { // the free port may be taken before Prometheus binds it
            int port = freePort();
            Path storage = Files.createTempDirectory(workDir, "tsdb-");
            Path log = workDir.resolve("prometheus-" + port + ".log");
            List<String> cmd = List.of(binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + storage,
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=info");
            Files.writeString(log, "# " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            PrometheusServer server = new PrometheusServer(p, URI.create("http://127.0.0.1:" + port), storage, log);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    static String config(String jobName, List<String> targets, List<Path> ruleFiles) {
        StringBuilder y = new StringBuilder();
        y.append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n");
        y.append("rule_files:\n");
        for (Path f : ruleFiles) {
            y.append("  - ").append(quote(f.toAbsolutePath().toString())).append('\n');
        }
        y.append("scrape_configs:\n  - job_name: ").append(quote(jobName)).append('\n');
        y.append("    static_configs:\n      - targets:\n");
        for (String t : targets) {
            y.append("          - ").append(quote(t)).append('\n');
        }
        return y.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus ended with exit code " + process.exitValue() + ":\n" + logText());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("prometheus was not ready within " + START_TIMEOUT_MILLIS + "ms:\n" + logText());
    }

    public URI base() {
        return base;
    }

    public Path log() {
        return log;
    }

    /** Prometheus's own log so far, for failure messages. */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** {@code GET path} on the API; returns {@code data} of a {@code "status":"success"} answer. */
    public JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(answer.path("status").asText())) {
            throw new IOException("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return answer.get("data");
    }

    /** An instant query now: the {@code result} array of {@code /api/v1/query} (a vector: metric, value). */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"vector".equals(data.path("resultType").asText())) {
            throw new IOException("not a vector: " + data);
        }
        return data.get("result");
    }

    /** The value of the only series {@code promql} gives now, or empty when it gives none. */
    public Optional<Double> queryValue(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        if (result.size() == 0) {
            return Optional.empty();
        }
        if (result.size() > 1) {
            throw new IOException(promql + " gives " + result.size() + " series: " + result);
        }
        return Optional.of(Double.parseDouble(result.get(0).get("value").get(1).asText()));
    }

    /** The alerts pending or firing now ({@code /api/v1/alerts}): labels, annotations, state, activeAt, value. */
    public List<JsonNode> alerts() throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        api("/api/v1/alerts").get("alerts").forEach(out::add);
        return out;
    }

    /** The firing alert named {@code name} whose labels include {@code label=value}, if any. */
    public Optional<JsonNode> firing(String name, String label, String value) throws IOException, InterruptedException {
        for (JsonNode a : alerts()) {
            JsonNode labels = a.get("labels");
            if (name.equals(labels.path("alertname").asText()) && value.equals(labels.path(label).asText())
                    && "firing".equals(a.path("state").asText())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The alerting rules Prometheus loaded ({@code /api/v1/rules?type=alert}), every group's rules in one list. */
    public List<JsonNode> alertingRules() throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : api("/api/v1/rules?type=alert").get("groups")) {
            group.get("rules").forEach(out::add);
        }
        return out;
    }

    /** Stops Prometheus and deletes its storage folder (its config and log stay, for a look after a failure). */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(storage)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }
}
