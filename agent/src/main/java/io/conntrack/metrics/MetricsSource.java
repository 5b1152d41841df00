package io.conntrack.metrics;

/** What the endpoint serves; read on a scrape, never on the application's threads. */
interface MetricsSource {

    String metrics(TextFormat.Kind kind);

    /** A dump taken now, as JSON, with no file written. */
    String dumpJson();
}
