package io.conntrack.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.conntrack.reporting.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * The HTTP side, on the JDK's own server (module jdk.httpserver): {@code GET /metrics} (Prometheus
 * text 0.0.4, or OpenMetrics 1.0.0 when asked), {@code GET /dump} (a dump as JSON, no file written)
 * and a short index at {@code /}. Two daemon worker threads ({@code conntrack-metrics-N}) with a
 * bounded queue; when the queue is full the JDK's dispatcher thread serves the request itself, which
 * slows accepting down instead of dropping requests or growing without bound.
 */
final class MetricsHttpServer {

    static final int WORKERS = 2;
    static final int QUEUE = 64;
    static final int BACKLOG = 64;
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private MetricsHttpServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    static MetricsHttpServer start(InetSocketAddress address, MetricsSource source) throws IOException {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), new DaemonThreads(), new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true); // no threads left while nobody scrapes
        HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        server.setExecutor(executor);
        server.createContext("/", new Handler(source));
        startOnDaemonThread(server);
        return new MetricsHttpServer(server, executor);
    }

    /**
     * The JDK's dispatcher thread ("HTTP-Dispatcher") inherits daemon status from the thread that calls
     * {@code start()}; premain runs on the non-daemon main thread, and a non-daemon dispatcher would
     * keep the application's JVM alive after its main method returned.
     */
    private static void startOnDaemonThread(HttpServer server) throws IOException {
        Throwable[] failure = new Throwable[1];
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "conntrack-metrics-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (starter.isAlive() || failure[0] != null) {
            server.stop(0);
            throw new IOException("the HTTP server did not start" + (failure[0] != null ? ": " + failure[0] : ""));
        }
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "conntrack-metrics-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    static final class Handler implements HttpHandler {
        private static final String INDEX = "ConnTrack metrics endpoint\n"
                + "/metrics  Prometheus text format 0.0.4 (OpenMetrics 1.0.0 with Accept: application/openmetrics-text)\n"
                + "/dump     a ConnTrack dump as JSON, taken now (no file is written)\n";

        private final MetricsSource source;
        private final AtomicBoolean failureLogged = new AtomicBoolean();

        Handler(MetricsSource source) {
            this.source = source;
        }

        @Override
        public void handle(HttpExchange x) throws IOException {
            try {
                String method = x.getRequestMethod();
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    x.getResponseHeaders().set("Allow", "GET, HEAD");
                    respond(x, 405, TEXT, "only GET and HEAD are served\n");
                    return;
                }
                String path = x.getRequestURI().getPath();
                if (path.equals("/metrics")) {
                    TextFormat.Kind kind = TextFormat.negotiate(x.getRequestHeaders().getFirst("Accept"));
                    respond(x, 200, kind.contentType, source.metrics(kind));
                } else if (path.equals("/dump")) {
                    respond(x, 200, JSON, source.dumpJson());
                } else if (path.equals("/")) {
                    respond(x, 200, TEXT, INDEX);
                } else {
                    respond(x, 404, TEXT, "not found; try /metrics or /dump\n");
                }
            } catch (Throwable t) {
                if (failureLogged.compareAndSet(false, true)) {
                    Log.error("metrics endpoint: serving " + x.getRequestURI().getPath() + " failed (" + t
                            + "); it answers 500 and goes on (logged once)");
                }
                try {
                    respond(x, 500, TEXT, "internal error\n");
                } catch (Throwable ignored) {
                    // headers were sent already; closing the exchange is all that is left
                }
            } finally {
                x.close();
            }
        }

        private static void respond(HttpExchange x, int status, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String encodings = x.getRequestHeaders().getFirst("Accept-Encoding");
            if (encodings != null && encodings.toLowerCase(java.util.Locale.ROOT).contains("gzip") && bytes.length > 1024) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream(bytes.length / 4);
                try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                    gz.write(bytes);
                }
                bytes = zipped.toByteArray();
                x.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            x.getResponseHeaders().set("Content-Type", contentType);
            x.getResponseHeaders().set("Cache-Control", "no-store");
            if (x.getRequestMethod().equals("HEAD")) {
                x.sendResponseHeaders(status, -1);
                return;
            }
            x.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
