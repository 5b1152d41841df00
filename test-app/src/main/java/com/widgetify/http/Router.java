package com.widgetify.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dispatches by method and whole-path pattern, and maps failures to statuses: no database
 * connection in time (the pool is exhausted) is a 503, any other failure a 500.
 */
public final class Router implements HttpHandler {

    private final List<Route> routes = new ArrayList<>();

    public Router route(String method, String pathPattern, Endpoint endpoint) {
        routes.add(new Route(method, Pattern.compile(pathPattern), endpoint));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            send(exchange, dispatch(exchange));
        } finally {
            exchange.close();
        }
    }

    private Response dispatch(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path.matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!r.method.equals(exchange.getRequestMethod())) {
                continue;
            }
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                params.add(m.group(i));
            }
            return serve(r.endpoint, new Request(exchange, params));
        }
        return pathKnown ? Response.error(405, "method not allowed") : Response.error(404, "no such resource");
    }

    private static Response serve(Endpoint endpoint, Request request) {
        try {
            return endpoint.serve(request);
        } catch (SQLTransientConnectionException e) {
            return Response.error(503, "service unavailable: " + e.getMessage());
        } catch (BadRequestException e) {
            return Response.error(400, e.getMessage());
        } catch (SQLException e) {
            return Response.error(500, "database error: " + e.getMessage());
        } catch (Exception e) {
            return Response.error(500, "internal error: " + e);
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        byte[] body = response.json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static final class Route {
        final String method;
        final Pattern path;
        final Endpoint endpoint;

        Route(String method, Pattern path, Endpoint endpoint) {
            this.method = method;
            this.path = path;
            this.endpoint = endpoint;
        }
    }
}
