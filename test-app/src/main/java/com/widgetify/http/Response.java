package com.widgetify.http;

import com.widgetify.json.Json;

/** A status and a JSON body. */
public final class Response {

    public final int status;
    public final String json;

    private Response(int status, String json) {
        this.status = status;
        this.json = json;
    }

    public static Response ok(String json) {
        return new Response(200, json);
    }

    public static Response json(int status, String json) {
        return new Response(status, json);
    }

    public static Response error(int status, String message) {
        return new Response(status, "{\"error\":" + Json.quote(message) + "}");
    }
}
