package com.widgetify;

/**
 * The service's knobs, from system properties ({@code -Dwidgetify.poolSize=10} ...). The defaults are
 * the production-like setup of the demo: a pool of 10 that gives up after 300 ms, and a payment
 * provider that answers in 3 s.
 */
public final class ServiceSettings {

    public final int port;
    public final int poolSize;
    public final long connectionTimeoutMillis;
    public final long paymentLatencyMillis;
    public final int httpThreads;
    public final int widgetCount;

    public ServiceSettings(int port, int poolSize, long connectionTimeoutMillis, long paymentLatencyMillis, int httpThreads,
                           int widgetCount) {
        this.port = port;
        this.poolSize = poolSize;
        this.connectionTimeoutMillis = connectionTimeoutMillis;
        this.paymentLatencyMillis = paymentLatencyMillis;
        this.httpThreads = httpThreads;
        this.widgetCount = widgetCount;
    }

    public static ServiceSettings fromSystemProperties() {
        return new ServiceSettings(
                Integer.getInteger("widgetify.port", 8080),
                Integer.getInteger("widgetify.poolSize", 10),
                Long.getLong("widgetify.connectionTimeoutMillis", 300),
                Long.getLong("widgetify.paymentLatencyMillis", 3000),
                Integer.getInteger("widgetify.httpThreads", 32),
                Integer.getInteger("widgetify.widgetCount", 50));
    }

    public ServiceSettings withPort(int newPort) {
        return new ServiceSettings(newPort, poolSize, connectionTimeoutMillis, paymentLatencyMillis, httpThreads, widgetCount);
    }
}
