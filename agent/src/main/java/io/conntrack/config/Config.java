package io.conntrack.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The agent's settings, immutable. See docs/configuration.md for every option. */
public final class Config {

    public final boolean enabled;
    public final int limit;
    public final int totalLimit;
    public final long holdThresholdMillis;
    /** Warn (and dump) when a pool's exhaustion forecast is shorter than this; 0 turns the forecast trigger off. */
    public final long forecastHorizonMillis;
    public final long dumpIntervalMillis;
    public final int maxDumps;
    public final Path dumpDir;
    public final boolean dumpOnExit;
    public final StackMode stacks;
    public final int stackSampleRate;
    public final List<String> callsiteSkip;
    public final List<String> callsiteInclude;
    public final int maxCallsites;
    public final boolean markCallsites;
    public final boolean debug;
    public final boolean jfr;
    public final String metrics;
    public final int metricsTopN;
    /** What ConnTrack gives back to pools: nothing, lost connections, or abandoned ones too. */
    public final ReclaimMode reclaim;
    /** With {@code reclaim=abandoned}: how long a connection whose acquiring method finished may be held before it is reclaimed. */
    public final long reclaimAfterMillis;
    /** Things worth one line each at start that did not stop the agent (ignored system properties). */
    public final List<String> notices;
    /** Where each option that is not a default came from, e.g. "agent argument" (see {@link #sourceOf}). */
    private final Map<String, String> sources;

    Config(ConfigBuilder b) {
        this.enabled = b.enabled;
        this.limit = b.limit;
        this.totalLimit = b.totalLimit;
        this.holdThresholdMillis = b.holdThresholdMillis;
        this.forecastHorizonMillis = b.forecastHorizonMillis;
        this.dumpIntervalMillis = b.dumpIntervalMillis;
        this.maxDumps = b.maxDumps;
        this.dumpDir = b.dumpDir;
        this.dumpOnExit = b.dumpOnExit;
        this.stacks = b.stacks;
        this.stackSampleRate = b.stackSampleRate;
        this.callsiteSkip = b.callsiteSkip;
        this.callsiteInclude = b.callsiteInclude;
        this.maxCallsites = b.maxCallsites;
        this.markCallsites = b.markCallsites;
        this.debug = b.debug;
        this.jfr = b.jfr;
        this.metrics = b.metrics;
        this.metricsTopN = b.metricsTopN;
        this.reclaim = b.reclaim;
        this.reclaimAfterMillis = b.reclaimAfterMillis;
        this.notices = Collections.unmodifiableList(b.notices);
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(b.sources));
    }

    /**
     * Where option {@code key} was set, for messages about its value found after parsing (the metrics
     * address): "agent argument", "system property -Dconntrack.key", "config file '...'", or "default".
     */
    public String sourceOf(String key) {
        return sources.getOrDefault(key, "default");
    }

    public static Config defaults() {
        return new ConfigBuilder().build();
    }

    /**
     * Every option as {@code key=value} in the form the options are written ({@code 30s}, not 30000),
     * in the order of docs/configuration.md: what the attach command shows as the options in force.
     * {@code dumpDir} is absolute (resolved against this JVM's working directory); {@code metrics} is
     * left out when unset.
     */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("enabled", String.valueOf(enabled));
        m.put("limit", String.valueOf(limit));
        m.put("totalLimit", String.valueOf(totalLimit));
        m.put("holdThreshold", duration(holdThresholdMillis));
        m.put("forecastHorizon", duration(forecastHorizonMillis));
        m.put("dumpInterval", duration(dumpIntervalMillis));
        m.put("maxDumps", String.valueOf(maxDumps));
        m.put("dumpDir", dumpDir.toAbsolutePath().normalize().toString());
        m.put("dumpOnExit", String.valueOf(dumpOnExit));
        m.put("stacks", stacks.name().toLowerCase(Locale.ROOT));
        m.put("stacks.sampleRate", String.valueOf(stackSampleRate));
        m.put("callsite.skip", String.join(":", callsiteSkip));
        m.put("callsite.include", String.join(":", callsiteInclude));
        m.put("callsite.mark", String.valueOf(markCallsites));
        m.put("maxCallsites", String.valueOf(maxCallsites));
        m.put("debug", String.valueOf(debug));
        m.put("jfr", String.valueOf(jfr));
        if (metrics != null) {
            m.put("metrics", metrics);
        }
        m.put("metrics.topN", String.valueOf(metricsTopN));
        m.put("reclaim", reclaim.name().toLowerCase(Locale.ROOT));
        m.put("reclaimAfter", duration(reclaimAfterMillis));
        return m;
    }

    /** A duration as an option value: the largest unit that divides it (90s stays 90s). */
    static String duration(long millis) {
        if (millis == 0) {
            return "0";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Mutable holder of every option with its default; see {@link ConfigParser} for the keys. */
    static final class ConfigBuilder {
        boolean enabled = true;
        int limit = 100;
        int totalLimit = 0;
        long holdThresholdMillis = 60_000;
        long forecastHorizonMillis = 300_000;
        long dumpIntervalMillis = 60_000;
        int maxDumps = 20;
        Path dumpDir = Paths.get("conntrack");
        boolean dumpOnExit = true;
        StackMode stacks = StackMode.SAMPLED;
        int stackSampleRate = 1024;
        List<String> callsiteSkip = Collections.emptyList();
        List<String> callsiteInclude = Collections.emptyList();
        int maxCallsites = 5000;
        boolean markCallsites = true;
        boolean debug = false;
        boolean jfr = true;
        String metrics = null;
        int metricsTopN = 50;
        ReclaimMode reclaim = ReclaimMode.OFF;
        long reclaimAfterMillis = 300_000;
        List<String> notices = Collections.emptyList();
        Map<String, String> sources = Collections.emptyMap();

        Config build() {
            return new Config(this);
        }
    }
}
