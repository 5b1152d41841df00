package io.conntrack.metrics;

import io.conntrack.reporting.Log;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What each request gets, independent of the HTTP server: {@code /metrics} (Prometheus text 0.0.4,
 * or OpenMetrics 1.0.0 when asked), {@code /dump} (a dump as JSON, no file written), a short index
 * at {@code /}, 404 and 405 otherwise. A source that throws gives 500 and one log line (once).
 */
public final class MetricsRoutes {

    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";
    private static final String INDEX = "ConnTrack metrics endpoint\n"
            + "/metrics  Prometheus text format 0.0.4 (OpenMetrics 1.0.0 with Accept: application/openmetrics-text)\n"
            + "/dump     a ConnTrack dump as JSON, taken now (no file is written)\n";

    private final MetricsSource source;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    MetricsRoutes(MetricsSource source) {
        this.source = source;
    }

    /** One response, fully rendered. */
    public static final class Response {
        public final int status;
        public final String contentType;
        public final String body;
        /** The Allow header of a 405, else null. */
        public final String allow;

        Response(int status, String contentType, String body, String allow) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
            this.allow = allow;
        }
    }

    public Response handle(String method, String path, String accept) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Response(405, TEXT, "only GET and HEAD are served\n", "GET, HEAD");
        }
        try {
            switch (path) {
                case "/metrics":
                    TextFormat.Kind kind = TextFormat.negotiate(accept);
                    return new Response(200, kind.contentType, source.metrics(kind), null);
                case "/dump":
                    return new Response(200, JSON, source.dumpJson(), null);
                case "/":
                    return new Response(200, TEXT, INDEX, null);
                default:
                    return new Response(404, TEXT, "not found; try /metrics or /dump\n", null);
            }
        } catch (Throwable t) {
            serverError("serving " + path, t);
            return new Response(500, TEXT, "internal error\n", null);
        }
    }

    /** Logs the first failure only, so a broken endpoint cannot flood the application's stderr. */
    public void serverError(String what, Throwable t) {
        if (failureLogged.compareAndSet(false, true)) {
            Log.error("metrics endpoint: " + what + " failed (" + t + "); it answers 500 and goes on (logged once)");
        }
    }
}
