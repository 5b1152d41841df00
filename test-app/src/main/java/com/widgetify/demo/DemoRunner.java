package com.widgetify.demo;

import com.widgetify.json.JsonObject;
import com.widgetify.load.LoadDriver;
import com.widgetify.load.LoadPlan;
import com.widgetify.load.LoadSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The demo: starts Widgetify in its own JVM (with or without the agent), drives load at it, then
 * reads the service's warnings and ConnTrack's dumps and tells what happened.
 * {@code java com.widgetify.demo.DemoRunner [--no-agent] [--seconds 20] [--reclaim lost]}.
 */
public final class DemoRunner {

    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final DemoOptions options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public DemoRunner(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public DemoResult run() throws IOException, InterruptedException {
        if (options.withAgent() && !Files.isRegularFile(options.agentJar)) {
            throw new IOException("no agent jar at " + options.agentJar + "; build it with: mvn -q -DskipTests package");
        }
        clean(options.dumpDir());
        LoadPlan plan = LoadPlan.standard(options.loadMillis);
        Path log = options.workDir.resolve(options.withAgent() ? "service.log" : "service-no-agent.log");

        out.println("=== Widgetify outage demo: ConnTrack " + (options.withAgent() ? "ON" : "OFF")
                + (options.reclaims() ? ", reclaim=" + options.reclaim : "") + " ===");
        ServiceProcess service = ServiceProcess.start(options.serviceJvmOptions(), options.classPath, log, START_TIMEOUT_MILLIS);
        LoadSummary load;
        JsonObject health;
        DumpFile quiescent = null;
        try {
            URI base = URI.create("http://127.0.0.1:" + service.port());
            out.println("service  pid " + service.pid() + " at " + base + ", HikariCP pool of 10, connectionTimeout 300ms;"
                    + " log " + log);
            out.println("agent    " + (options.withAgent() ? options.agentFlag() : "none"));
            out.println("load     " + plan.describe());
            load = new LoadDriver(base, plan).run();
            health = JsonObject.parse(call(HttpRequest.newBuilder(base.resolve("/health")).GET()));
            if (options.withAgent()) {
                String answer = call(HttpRequest.newBuilder(base.resolve("/admin/dump")).POST(HttpRequest.BodyPublishers.noBody()));
                String file = JsonObject.parse(answer).string("dump");
                if (file == null) {
                    throw new IOException("POST /admin/dump answered " + answer);
                }
                quiescent = DumpFile.read(Path.of(file));
            }
        } finally {
            service.close();
        }
        List<DumpFile> dumps = readDumps(options.dumpDir());
        IncidentReport report = options.withAgent() && !dumps.isEmpty()
                ? IncidentReport.write(options.agentJar, options.dumpDir(), options.workDir) : null;
        DemoResult result = new DemoResult(options, service.pid(), load, service.stderrLines(), dumps, quiescent, health,
                Diagnosis.of(dumps, quiescent, DemoOptions.HOLD_THRESHOLD_MILLIS), report == null ? null : report.page,
                report == null ? null : report.draft);
        new Story(result, out).print();
        return result;
    }

    private String call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static void clean(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "conntrack-*")) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
    }

    /** Every JSON dump in the folder, oldest first. */
    static List<DumpFile> readDumps(Path dir) throws IOException {
        List<DumpFile> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "conntrack-*.json")) {
            for (Path f : files) {
                out.add(DumpFile.read(f));
            }
        }
        out.sort(Comparator.comparing((DumpFile d) -> d.time).thenComparing(DumpFile::fileName));
        return out;
    }

    public static void main(String[] args) {
        try {
            new DemoRunner(DemoOptions.parse(args), System.out).run();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("the demo failed: " + e);
            System.exit(1);
        }
    }
}
