package com.widgetify;

import com.sun.net.httpserver.HttpServer;
import com.widgetify.db.Database;
import com.widgetify.health.ConnTrackProbe;
import com.widgetify.health.DumpHandler;
import com.widgetify.health.HealthHandler;
import com.widgetify.http.Router;
import com.widgetify.orders.CreateOrderHandler;
import com.widgetify.orders.PaymentGateway;
import com.widgetify.widgets.ListWidgetsHandler;
import com.widgetify.widgets.WidgetReportHandler;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Widgetify: a widget shop's HTTP API on the JDK's built-in server, over a HikariCP pool. Run with
 * {@code -Dwidgetify.port=0} for any free port; it prints {@code Widgetify listening on port N}.
 */
public final class WidgetifyServer implements AutoCloseable {

    /** The line {@link #main} prints once it serves; the demo waits for it. */
    public static final String READY_PREFIX = "Widgetify listening on port ";

    private final HikariDataSource dataSource;
    private final HttpServer server;
    private final ExecutorService workers;

    private WidgetifyServer(HikariDataSource dataSource, HttpServer server, ExecutorService workers) {
        this.dataSource = dataSource;
        this.server = server;
        this.workers = workers;
    }

    public static WidgetifyServer start(ServiceSettings settings) throws IOException, SQLException {
        HikariDataSource dataSource = Database.create(settings.poolSize, settings.connectionTimeoutMillis, settings.widgetCount);
        ConnTrackProbe connTrack = ConnTrackProbe.find();
        Router router = new Router()
                .route("GET", "/widgets", new ListWidgetsHandler(dataSource))
                .route("GET", "/widgets/(\\d+)/report", new WidgetReportHandler(dataSource))
                .route("POST", "/orders", new CreateOrderHandler(dataSource, new PaymentGateway(settings.paymentLatencyMillis)))
                .route("GET", "/health", new HealthHandler(dataSource, connTrack))
                .route("POST", "/admin/dump", new DumpHandler(connTrack));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 64);
        server.createContext("/", router);
        ExecutorService workers = Executors.newFixedThreadPool(settings.httpThreads, namedThreads("http-worker-"));
        server.setExecutor(workers);
        server.start();
        return new WidgetifyServer(dataSource, server, workers);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dataSource.close();
    }

    private static java.util.concurrent.ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + n.incrementAndGet());
    }

    public static void main(String[] args) throws Exception {
        WidgetifyServer service = start(ServiceSettings.fromSystemProperties());
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "widgetify-shutdown"));
        System.out.println(READY_PREFIX + service.port());
        System.out.flush();
    }
}
