package io.conntrack.metrics.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.conntrack.metrics.MetricsRoutes;
import io.conntrack.metrics.MetricsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * The HTTP plumbing on the JDK's own server (module jdk.httpserver, which the agent's loader sees
 * through its parent, the platform loader; a runtime without the module costs the metrics endpoint
 * only, with one line from MetricsEndpoint): methods, headers, gzip. Two daemon worker threads
 * ({@code conntrack-metrics-N}) with a bounded queue; when the queue is full the JDK's dispatcher
 * thread serves the request itself, which slows accepting down instead of dropping requests or
 * growing without bound.
 */
public final class JdkHttpMetricsServer implements MetricsServer {

    static final int WORKERS = 2;
    static final int QUEUE = 64;
    static final int BACKLOG = 64;
    static final int GZIP_ABOVE_BYTES = 1024;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private JdkHttpMetricsServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    public static MetricsServer start(InetSocketAddress address, MetricsRoutes routes) throws IOException {
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
        server.createContext("/", new Handler(routes));
        startOnDaemonThread(server, executor);
        return new JdkHttpMetricsServer(server, executor);
    }

    /**
     * The JDK's dispatcher thread ("HTTP-Dispatcher") inherits daemon status from the thread that calls
     * {@code start()}; premain runs on the non-daemon main thread, and a non-daemon dispatcher would
     * keep the application's JVM alive after its main method returned.
     */
    private static void startOnDaemonThread(HttpServer server, ThreadPoolExecutor executor) throws IOException {
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
            executor.shutdownNow();
            throw new IOException("the HTTP server did not start" + (failure[0] != null ? ": " + failure[0] : ""));
        }
    }

    @Override
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void stop() {
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

    private static final class Handler implements HttpHandler {
        private final MetricsRoutes routes;

        Handler(MetricsRoutes routes) {
            this.routes = routes;
        }

        @Override
        public void handle(HttpExchange x) {
            try {
                MetricsRoutes.Response r = routes.handle(x.getRequestMethod(), x.getRequestURI().getPath(),
                        x.getRequestHeaders().getFirst("Accept"));
                send(x, r);
            } catch (Throwable t) {
                routes.serverError("answering " + x.getRequestURI().getPath(), t);
            } finally {
                x.close();
            }
        }

        private static void send(HttpExchange x, MetricsRoutes.Response r) throws IOException {
            byte[] bytes = r.body.getBytes(StandardCharsets.UTF_8);
            String encodings = x.getRequestHeaders().getFirst("Accept-Encoding");
            if (encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip") && bytes.length > GZIP_ABOVE_BYTES) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream(bytes.length / 4);
                try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                    gz.write(bytes);
                }
                bytes = zipped.toByteArray();
                x.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            x.getResponseHeaders().set("Content-Type", r.contentType);
            x.getResponseHeaders().set("Cache-Control", "no-store");
            if (r.allow != null) {
                x.getResponseHeaders().set("Allow", r.allow);
            }
            if (x.getRequestMethod().equals("HEAD")) {
                x.sendResponseHeaders(r.status, -1);
                return;
            }
            x.sendResponseHeaders(r.status, bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
