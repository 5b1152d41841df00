package com.widgetify.http;

/** One HTTP endpoint. A {@link java.sql.SQLTransientConnectionException} it throws becomes a 503. */
public interface Endpoint {

    Response serve(Request request) throws Exception;
}
