package io.conntrack.metrics;

import java.net.InetSocketAddress;

/** A running metrics HTTP server, as the agent side sees it (the server lives in {@code io.conntrack.metrics.http}). */
public interface MetricsServer {

    /** Where it listens; the real port when 0 was asked. */
    InetSocketAddress address();

    void stop();
}
