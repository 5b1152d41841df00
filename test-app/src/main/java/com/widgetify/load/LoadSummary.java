package com.widgetify.load;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Counts, latency percentiles and the moment of the first 503 of one load run. */
public final class LoadSummary {

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    public final long startedAtMillis;
    public final long durationMillis;
    public final int requests;
    public final int ok;
    public final int unavailable;
    public final int other;
    public final long p50Millis;
    public final long p99Millis;
    /** Epoch millis of the first 503, or -1 when there was none. */
    public final long firstUnavailableAtMillis;
    public final String firstUnavailableEndpoint;
    private final Map<String, int[]> byEndpoint;

    public LoadSummary(long startedAtMillis, long durationMillis, List<Outcome> outcomes) {
        this.startedAtMillis = startedAtMillis;
        this.durationMillis = durationMillis;
        long[] latencies = new long[outcomes.size()];
        int okCount = 0;
        int unavailableCount = 0;
        Outcome first503 = null;
        Map<String, int[]> perEndpoint = new TreeMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            latencies[i] = o.latencyMillis;
            int[] counts = perEndpoint.computeIfAbsent(o.endpoint, k -> new int[3]);
            if (o.ok()) {
                okCount++;
                counts[0]++;
            } else if (o.unavailable()) {
                unavailableCount++;
                counts[1]++;
                if (first503 == null || o.finishedAtMillis < first503.finishedAtMillis) {
                    first503 = o;
                }
            } else {
                counts[2]++;
            }
        }
        Percentiles p = new Percentiles(latencies);
        this.requests = outcomes.size();
        this.ok = okCount;
        this.unavailable = unavailableCount;
        this.other = requests - okCount - unavailableCount;
        this.p50Millis = p.at(50);
        this.p99Millis = p.at(99);
        this.firstUnavailableAtMillis = first503 == null ? -1 : first503.finishedAtMillis;
        this.firstUnavailableEndpoint = first503 == null ? null : first503.endpoint;
        this.byEndpoint = perEndpoint;
    }

    public boolean hadOutage() {
        return firstUnavailableAtMillis >= 0;
    }

    /** The summary as printed by the load driver and the demo. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "requests %d  2xx %d  503 %d  other %d  latency p50 %dms p99 %dms",
                requests, ok, unavailable, other, p50Millis, p99Millis));
        for (Map.Entry<String, int[]> e : byEndpoint.entrySet()) {
            int[] c = e.getValue();
            out.add(String.format(Locale.ROOT, "  %-28s 2xx %5d  503 %5d  other %5d", e.getKey(), c[0], c[1], c[2]));
        }
        out.add(hadOutage()
                ? String.format(Locale.ROOT, "first 503 at %s (+%.1fs after the load started, %s)",
                        CLOCK.format(Instant.ofEpochMilli(firstUnavailableAtMillis)),
                        (firstUnavailableAtMillis - startedAtMillis) / 1000.0, firstUnavailableEndpoint)
                : "no 503 at all");
        return out;
    }
}
