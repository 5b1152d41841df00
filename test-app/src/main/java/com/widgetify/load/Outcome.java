package com.widgetify.load;

/** One request as the client saw it. Status -1: no HTTP answer (timeout, connection refused). */
public final class Outcome {

    public final String endpoint;
    public final int status;
    public final long latencyMillis;
    public final long finishedAtMillis;

    public Outcome(String endpoint, int status, long latencyMillis, long finishedAtMillis) {
        this.endpoint = endpoint;
        this.status = status;
        this.latencyMillis = latencyMillis;
        this.finishedAtMillis = finishedAtMillis;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean unavailable() {
        return status == 503;
    }
}
