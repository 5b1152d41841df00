package com.widgetify.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives Widgetify with a few concurrent clients for a bounded time and summarises what they saw.
 * {@code java com.widgetify.load.LoadDriver [--url http://127.0.0.1:8080] [--seconds 20]}.
 */
public final class LoadDriver {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final LoadPlan plan;
    private final HttpClient http;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final AtomicLong staleIds = new AtomicLong(1000);

    public LoadDriver(URI base, LoadPlan plan) {
        this.base = base;
        this.plan = plan;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Runs the plan; returns once every client has had its last answer. */
    public LoadSummary run() throws InterruptedException {
        long start = System.currentTimeMillis();
        long deadline = start + plan.durationMillis;
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < plan.browsers; i++) {
            clients.add(client("browser-" + i, deadline, 0, plan.browserPauseMillis, this::browse));
        }
        for (int i = 0; i < plan.shoppers; i++) {
            clients.add(client("shopper-" + i, deadline, i * plan.shopperStaggerMillis, plan.shopperPauseMillis,
                    this::shop));
        }
        for (int i = 0; i < plan.staleLinkFollowers; i++) {
            clients.add(client("stale-link-" + i, deadline, 0, plan.staleLinkPauseMillis, this::followStaleLink));
        }
        clients.forEach(Thread::start);
        for (Thread t : clients) {
            t.join(plan.durationMillis + REQUEST_TIMEOUT.toMillis() * 2);
        }
        synchronized (outcomes) {
            return new LoadSummary(start, System.currentTimeMillis() - start, new ArrayList<>(outcomes));
        }
    }

    private interface Action {
        void send(Random random) throws InterruptedException;
    }

    private Thread client(String name, long deadline, long startDelayMillis, long pauseMillis, Action action) {
        Thread t = new Thread(() -> {
            Random random = new Random(name.hashCode());
            try {
                Thread.sleep(startDelayMillis);
                while (System.currentTimeMillis() < deadline) {
                    action.send(random);
                    Thread.sleep(pauseMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "load-" + name);
        t.setDaemon(true);
        return t;
    }

    private void browse(Random random) throws InterruptedException {
        if (random.nextInt(100) < plan.reportPercent) {
            send("GET /widgets/{id}/report", get("/widgets/" + (1 + random.nextInt(plan.widgetCount)) + "/report"));
        } else {
            send("GET /widgets", get("/widgets"));
        }
    }

    private void shop(Random random) throws InterruptedException {
        String body = "{\"widgetId\":" + (1 + random.nextInt(plan.widgetCount)) + ",\"quantity\":" + (1 + random.nextInt(3)) + "}";
        send("POST /orders", HttpRequest.newBuilder(base.resolve("/orders")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private void followStaleLink(Random random) throws InterruptedException {
        send("GET /widgets/{missing}/report", get("/widgets/" + staleIds.incrementAndGet() + "/report"));
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build();
    }

    private void send(String endpoint, HttpRequest request) throws InterruptedException {
        long t0 = System.nanoTime();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = -1;
        }
        long now = System.currentTimeMillis();
        Outcome o = new Outcome(endpoint, status, (System.nanoTime() - t0) / 1_000_000, now);
        synchronized (outcomes) {
            outcomes.add(o);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080";
        long seconds = 20;
        for (int i = 0; i < args.length; i++) {
            if ("--url".equals(args[i]) && i + 1 < args.length) {
                url = args[++i];
            } else if ("--seconds".equals(args[i]) && i + 1 < args.length) {
                seconds = Long.parseLong(args[++i]);
            } else {
                System.err.println("usage: LoadDriver [--url http://127.0.0.1:8080] [--seconds 20]");
                System.exit(2);
            }
        }
        LoadPlan plan = LoadPlan.standard(seconds * 1000);
        System.out.println("load " + plan.describe());
        for (String line : new LoadDriver(URI.create(url), plan).run().lines()) {
            System.out.println(line);
        }
    }
}
