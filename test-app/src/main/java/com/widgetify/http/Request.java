package com.widgetify.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What an endpoint needs from an exchange: method, path, the path's captured groups, the body. */
public final class Request {

    private final HttpExchange exchange;
    private final List<String> pathParams;

    Request(HttpExchange exchange, List<String> pathParams) {
        this.exchange = exchange;
        this.pathParams = pathParams;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public String path() {
        return exchange.getRequestURI().getPath();
    }

    /** The i-th capturing group of the route's path pattern. */
    public String pathParam(int i) {
        return pathParams.get(i);
    }

    public String body() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
