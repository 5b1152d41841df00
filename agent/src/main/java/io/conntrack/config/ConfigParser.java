package io.conntrack.config;

import io.conntrack.text.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Reads the agent's options. Precedence, highest first: the agent argument
 * ({@code -javaagent:conntrack-agent.jar=key=value,key=value}), system properties
 * ({@code -Dconntrack.key=value}), the properties file named by {@code config}, the defaults.
 */
public final class ConfigParser {

    static final String SYSTEM_PREFIX = "conntrack.";
    /** Every option key; {@code config} aside. */
    static final List<String> KNOWN = List.of("enabled", "limit", "totalLimit", "holdThreshold", "forecastHorizon", "dumpInterval", "maxDumps",
            "dumpDir", "dumpOnExit", "stacks", "stacks.sampleRate", "callsite.skip", "callsite.include", "callsite.mark",
            "maxCallsites", "debug", "jfr", "metrics", "metrics.topN", "reclaim", "reclaimAfter");
    /** System properties the agent itself sets ({@code conntrack.version}, ...): not options. */
    private static final List<String> RESERVED = List.of("version", "startError");
    private static final long MAX_CONFIG_FILE_BYTES = 64 * 1024;
    private static final int MAX_ARGUMENT_LENGTH = 64 * 1024;

    private ConfigParser() {
    }

    public static Config parse(String agentArgs, Properties systemProperties) throws ConfigException {
        Map<String, String> fromArgs = splitAgentArgs(agentArgs);
        Map<String, String> fromSystem = new LinkedHashMap<>();
        List<String> notices = new ArrayList<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(SYSTEM_PREFIX)) {
                String key = name.substring(SYSTEM_PREFIX.length());
                if (KNOWN.contains(key) || key.equals("config")) {
                    fromSystem.put(key, systemProperties.getProperty(name));
                } else if (!RESERVED.contains(key)) {
                    // another library's property, or a typo: say so, but never refuse to start for it
                    notices.add("ignoring system property -D" + Values.printable(name) + ": not a ConnTrack option (known: "
                            + String.join(", ", KNOWN) + ")");
                }
            }
        }
        String configFile = fromArgs.containsKey("config") ? fromArgs.get("config") : fromSystem.get("config");

        Map<String, String> merged = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        if (configFile != null) {
            put(merged, sources, readFile(configFile), "config file '" + Values.printable(configFile) + "'");
        }
        for (Map.Entry<String, String> e : fromSystem.entrySet()) {
            merged.put(e.getKey(), e.getValue());
            sources.put(e.getKey(), "system property -D" + SYSTEM_PREFIX + e.getKey());
        }
        put(merged, sources, fromArgs, "agent argument");
        merged.remove("config");

        Config.ConfigBuilder b = new Config.ConfigBuilder();
        b.notices = notices;
        b.sources = sources;
        for (Map.Entry<String, String> e : merged.entrySet()) {
            try {
                apply(b, e.getKey(), e.getValue());
            } catch (ConfigException problem) {
                // where the bad option came from, then what is wrong with it and the fix
                throw new ConfigException(sources.get(e.getKey()) + ": " + problem.getMessage());
            }
        }
        return b.build();
    }

    private static void put(Map<String, String> merged, Map<String, String> sources, Map<String, String> from, String source) {
        for (Map.Entry<String, String> e : from.entrySet()) {
            merged.put(e.getKey(), e.getValue());
            sources.put(e.getKey(), source);
        }
    }

    /** The option keys an agent argument names, in order ({@code config} included), or a message why it cannot be read. */
    public static java.util.Set<String> keysOf(String agentArgs) throws ConfigException {
        return splitAgentArgs(agentArgs).keySet();
    }

    static Map<String, String> splitAgentArgs(String args) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null || args.trim().isEmpty()) {
            return out;
        }
        if (args.length() > MAX_ARGUMENT_LENGTH) {
            throw new ConfigException("the agent argument is " + args.length() + " characters long; at most "
                    + MAX_ARGUMENT_LENGTH + " are read: put long settings in a file and pass config=/path/conntrack.properties");
        }
        for (String part : args.split(",")) {
            if (part.trim().isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("agent option '" + Values.printable(part.trim())
                        + "' is not of the form key=value (options are separated by ',', e.g. limit=50,holdThreshold=30s)");
            }
            String key = part.substring(0, eq).trim();
            if (out.containsKey(key)) {
                throw new ConfigException("agent option '" + Values.printable(key) + "' is given twice; give it once");
            }
            out.put(key, part.substring(eq + 1).trim());
        }
        return out;
    }

    private static Map<String, String> readFile(String name) throws ConfigException {
        Path path;
        try {
            path = Paths.get(Values.text("config", name));
        } catch (InvalidPathException e) {
            throw Values.invalid("config", name, "the path of a readable properties file");
        }
        List<String> twice = new ArrayList<>();
        Properties p = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) { // load() puts each line's key in order
                Object before = super.put(key, value);
                if (before != null) {
                    twice.add(String.valueOf(key));
                }
                return before;
            }
        };
        try {
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("config file '" + Values.printable(name)
                        + "' does not exist or is not a regular file: fix the path in config=");
            }
            if (Files.size(path) > MAX_CONFIG_FILE_BYTES) {
                throw new ConfigException("config file '" + Values.printable(name) + "' is larger than "
                        + MAX_CONFIG_FILE_BYTES + " bytes; a ConnTrack config has a few lines");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) MAX_CONFIG_FILE_BYTES + 1);
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1); // a UTF-8 byte-order mark, as some Windows editors write
            }
            int binary = binaryAt(text);
            if (binary >= 0) {
                throw new ConfigException("config file '" + Values.printable(name) + "' is not a text config (character "
                        + (binary + 1) + " is the control character " + Printable.escape(text.substring(binary, binary + 1))
                        + "; a UTF-16 or binary file?): config= must name a UTF-8 .properties file with one key=value per line,"
                        + " e.g. limit=50");
            }
            try (Reader r = new StringReader(text)) {
                p.load(r);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config file '" + Values.printable(name) + "' cannot be read ("
                    + e.getClass().getSimpleName() + "): check that it exists, is readable and is in .properties format");
        }
        String file = "config file '" + Values.printable(name) + "'";
        if (!twice.isEmpty()) {
            throw new ConfigException(file + ": option '" + Values.printable(twice.get(0)) + "' is given twice; give it once");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> spelled = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String k = key.startsWith(SYSTEM_PREFIX) ? key.substring(SYSTEM_PREFIX.length()) : key;
            if (spelled.containsKey(k)) {
                throw new ConfigException(file + ": option '" + Values.printable(k) + "' is given twice (as '"
                        + Values.printable(spelled.get(k)) + "' and '" + Values.printable(key) + "'); give it once");
            }
            spelled.put(k, key);
            out.put(k, p.getProperty(key));
        }
        if (out.containsKey("config")) {
            throw new ConfigException(file + " names a config file itself (" + Values.printable(spelled.get("config")) + "="
                    + Values.printable(out.get("config")) + "): options come from one file; put them in this one and remove that line");
        }
        return out;
    }

    /** Where a text holds a control character no .properties file has (NUL, ESC...), or -1. */
    private static int binaryAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    private static void apply(Config.ConfigBuilder b, String key, String value) throws ConfigException {
        switch (key) {
            case "enabled":
                b.enabled = Values.bool(key, value);
                break;
            case "limit":
                b.limit = Values.intInRange(key, value, 1, 1_000_000);
                break;
            case "totalLimit":
                b.totalLimit = Values.intInRange(key, value, 0, 1_000_000);
                break;
            case "holdThreshold":
                b.holdThresholdMillis = Values.durationMillis(key, value);
                break;
            case "forecastHorizon":
                b.forecastHorizonMillis = Values.durationMillis(key, value);
                break;
            case "dumpInterval":
                b.dumpIntervalMillis = Values.durationMillis(key, value);
                break;
            case "maxDumps":
                b.maxDumps = Values.intInRange(key, value, 1, 10_000);
                break;
            case "dumpDir":
                try {
                    b.dumpDir = Paths.get(Values.text(key, value));
                } catch (InvalidPathException e) {
                    throw Values.invalid(key, value, "a folder path");
                }
                break;
            case "dumpOnExit":
                b.dumpOnExit = Values.bool(key, value);
                break;
            case "stacks":
                b.stacks = Values.oneOf(key, value, StackMode.class);
                break;
            case "stacks.sampleRate":
                b.stackSampleRate = Values.intInRange(key, value, 1, 1_000_000);
                break;
            case "callsite.skip":
                b.callsiteSkip = Values.prefixes(key, value);
                break;
            case "callsite.include":
                b.callsiteInclude = Values.prefixes(key, value);
                break;
            case "callsite.mark":
                b.markCallsites = Values.bool(key, value);
                break;
            case "maxCallsites":
                b.maxCallsites = Values.intInRange(key, value, 10, 1_000_000);
                break;
            case "debug":
                b.debug = Values.bool(key, value);
                break;
            case "jfr":
                b.jfr = Values.bool(key, value);
                break;
            case "metrics":
                b.metrics = Values.text(key, value);
                break;
            case "metrics.topN":
                b.metricsTopN = Values.intInRange(key, value, 1, 10_000);
                break;
            case "reclaim":
                b.reclaim = Values.oneOf(key, value, ReclaimMode.class);
                break;
            case "reclaimAfter":
                b.reclaimAfterMillis = Values.durationMillis(key, value);
                if (b.reclaimAfterMillis < 1000) {
                    throw Values.invalid(key, value, "a duration of at least 1s such as 30s, 5m or 1h (a connection held"
                            + " that long by a thread that has left the method that acquired it is reclaimed with reclaim=abandoned)");
                }
                break;
            default:
                throw new ConfigException("unknown option '" + Values.printable(key) + "'; known options: "
                        + String.join(", ", KNOWN) + ", config (see docs/configuration.md)");
        }
    }
}
