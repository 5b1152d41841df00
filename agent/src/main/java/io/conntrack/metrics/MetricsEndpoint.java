package io.conntrack.metrics;

import io.conntrack.config.Config;
import io.conntrack.metrics.http.JdkHttpMetricsServer;
import io.conntrack.pools.PoolWatch;
import io.conntrack.reporting.Log;
import io.conntrack.reporting.Monitor;
import io.conntrack.tracking.Tracker;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/**
 * Starts the metrics endpoint when {@code metrics=[host:]port} is set. Whatever goes wrong (a bad
 * value, a port in use, a JVM without the jdk.httpserver module) costs one ERROR line and leaves
 * metrics off; the rest of ConnTrack and the application run on.
 */
public final class MetricsEndpoint {

    private final MetricsServer server;

    private MetricsEndpoint(MetricsServer server) {
        this.server = server;
    }

    /** Returns the running endpoint, or null when {@code metrics} is not set or the endpoint could not start. */
    public static MetricsEndpoint startIfConfigured(Config config, Tracker tracker, PoolWatch pools, Monitor monitor,
                                                     BooleanSupplier active) {
        if (config.metrics == null) {
            return null;
        }
        try {
            MetricsAddress address = MetricsAddress.parse(config.metrics);
            MetricsSource source = new TrackerMetricsSource(tracker, pools, monitor, active, config.metricsTopN);
            MetricsServer server = JdkHttpMetricsServer.start(address.socketAddress, new MetricsRoutes(source));
            logStarted(config.metrics.trim(), address, server.address());
            return new MetricsEndpoint(server);
        } catch (MetricsAddress.InvalidMetricsAddress e) {
            Log.error(e.getMessage() + " (in the " + config.sourceOf("metrics") + "). Metrics are off; the rest of ConnTrack runs.");
        } catch (Throwable t) {
            Log.error("the metrics endpoint on '" + MetricsAddress.printable(config.metrics) + "' could not start (" + t
                    + "); fix: " + fixFor(t) + ". Metrics are off; the rest of ConnTrack runs.");
        }
        return null;
    }

    private static String fixFor(Throwable t) {
        if (t instanceof java.net.BindException) {
            return "pick a free port (metrics=0 picks one) or an address of this machine";
        }
        if (t instanceof LinkageError || t instanceof ClassNotFoundException) {
            return "run on a JDK that includes the jdk.httpserver module (a jlink image needs --add-modules jdk.httpserver)";
        }
        return "check the metrics option or remove it";
    }

    private static void logStarted(String option, MetricsAddress address, InetSocketAddress bound) {
        // the address asked for, not the socket's: a dual-stack JVM reports 0.0.0.0 bound as [::]
        String url = MetricsAddress.url(address.socketAddress.getAddress(), bound.getPort());
        if (address.isLoopback()) {
            Log.info("metrics on " + url + "/metrics and " + url + "/dump (loopback only"
                    + (address.givenHost == null ? ", the default for a port alone, unlike the Prometheus JMX exporter"
                    + " which binds every interface; metrics=0.0.0.0:" + bound.getPort() + " exposes it" : "") + ")");
        } else {
            Log.warn("metrics on " + url + "/metrics and " + url + "/dump, reachable from other machines"
                    + (bound.getAddress().isAnyLocalAddress() ? " (every interface)" : "") + " as metrics="
                    + option + " asks: anyone who reaches this port can read callsite names, thread names and"
                    + " stacks; bind 127.0.0.1 and scrape through a proxy if that is not wanted");
        }
    }

    /** Where the endpoint listens (the real port when 0 was asked). */
    public InetSocketAddress address() {
        return server.address();
    }

    public void stop() {
        server.stop();
    }
}
