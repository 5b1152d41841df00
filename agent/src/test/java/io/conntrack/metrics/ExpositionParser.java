package io.conntrack.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format 0.0.4 and OpenMetrics 1.0.0 text, for tests. It
 * rejects, with the line number, anything either specification forbids that an exporter could get
 * wrong: bad names, bad escapes, duplicate labels or series, metadata after samples, a family split
 * in two, counters without {@code _total} (OpenMetrics) or negative, histograms whose buckets are not
 * cumulative, not ascending, lack {@code +Inf} or disagree with {@code _count}, a missing or early
 * {@code # EOF} (OpenMetrics). It is stricter than 0.0.4 in one way on purpose: tokens are separated
 * by exactly one space (0.0.4 allows runs of blanks; nothing this project writes uses them).
 */
public final class ExpositionParser {

    public enum Format { PROMETHEUS, OPENMETRICS }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Inf|NaN");
    private static final Pattern INT = Pattern.compile("-?\\d+");
    private static final Set<String> TYPES_0_0_4 = new HashSet<>(java.util.Arrays.asList(
            "counter", "gauge", "histogram", "summary", "untyped"));
    private static final Set<String> TYPES_OM = new HashSet<>(java.util.Arrays.asList(
            "counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown"));

    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    public static final class Sample {
        public final String name;
        public final Map<String, String> labels;
        public final double value;

        Sample(String name, Map<String, String> labels, double value) {
            this.name = name;
            this.labels = Collections.unmodifiableMap(labels);
            this.value = value;
        }
    }

    public static final class Family {
        public final String name;
        public String type;
        public String help;
        public String unit;
        public final List<Sample> samples = new ArrayList<>();

        Family(String name, String type) {
            this.name = name;
            this.type = type;
        }
    }

    /** A parsed exposition: families in order, and every sample by series key. */
    public static final class Exposition {
        public final Map<String, Family> families = new LinkedHashMap<>();
        private final Map<List<Object>, Sample> series = new HashMap<>();

        /** The value of the sample named {@code name} with exactly these labels ("k", "v", ...), or null. */
        public Double value(String name, String... labelPairs) {
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < labelPairs.length; i += 2) {
                labels.put(labelPairs[i], labelPairs[i + 1]);
            }
            Sample s = series.get(key(name, labels));
            return s == null ? null : s.value;
        }

        public List<Sample> samples(String name) {
            List<Sample> out = new ArrayList<>();
            for (Family f : families.values()) {
                for (Sample s : f.samples) {
                    if (s.name.equals(name)) {
                        out.add(s);
                    }
                }
            }
            return out;
        }
    }

    private final Format format;
    private final Exposition result = new Exposition();
    private final Set<String> closedFamilies = new HashSet<>();
    private Family current;
    private int lineNo;

    private ExpositionParser(Format format) {
        this.format = format;
    }

    public static Exposition parse(String text, Format format) {
        return new ExpositionParser(format).run(text);
    }

    private Exposition run(String text) {
        if (text.isEmpty()) {
            throw new Invalid(0, "empty exposition");
        }
        if (text.indexOf('\r') >= 0) {
            throw new Invalid(0, "carriage return in the exposition; lines end with \\n alone");
        }
        boolean om = format == Format.OPENMETRICS;
        if (!text.endsWith("\n") && !(om && text.endsWith("# EOF"))) {
            throw new Invalid(0, "the last line does not end with a newline");
        }
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        boolean eof = false;
        for (int i = 0; i < count; i++) {
            lineNo = i + 1;
            String line = lines[i];
            if (eof) {
                throw new Invalid(lineNo, "text after # EOF");
            }
            if (om && line.equals("# EOF")) {
                eof = true;
            } else if (line.isEmpty()) {
                if (om) {
                    throw new Invalid(lineNo, "empty line (not allowed in OpenMetrics)");
                }
            } else if (line.startsWith("#")) {
                comment(line);
            } else {
                sample(line);
            }
        }
        if (om && !eof) {
            throw new Invalid(lineNo, "no # EOF at the end");
        }
        closeFamily();
        return result;
    }

    private void comment(String line) {
        boolean om = format == Format.OPENMETRICS;
        String[] p = line.split(" ", 4);
        boolean meta = p.length >= 3 && p[0].equals("#") && (p[1].equals("HELP") || p[1].equals("TYPE") || p[1].equals("UNIT"));
        if (!meta) {
            if (om) {
                throw new Invalid(lineNo, "OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF lines: " + line);
            }
            if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                throw new Invalid(lineNo, "malformed metadata line: " + line);
            }
            return; // a plain comment, allowed in 0.0.4
        }
        if (p[1].equals("UNIT") && !om) {
            return; // "# UNIT" is a plain comment in 0.0.4
        }
        String name = p[2];
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new Invalid(lineNo, "bad metric name '" + name + "'");
        }
        Family f = familyForMetadata(name);
        switch (p[1]) {
            case "TYPE":
                if (p.length != 4 || !(om ? TYPES_OM : TYPES_0_0_4).contains(p[3])) {
                    throw new Invalid(lineNo, "bad type in: " + line);
                }
                if (f.type != null) {
                    throw new Invalid(lineNo, "second TYPE for " + name);
                }
                if (om && p[3].equals("counter") && name.endsWith("_total")) {
                    throw new Invalid(lineNo, "OpenMetrics counter family " + name + " must not end in _total");
                }
                f.type = p[3];
                break;
            case "HELP":
                if (f.help != null) {
                    throw new Invalid(lineNo, "second HELP for " + name);
                }
                f.help = p.length == 4 ? unescapeHelp(p[3]) : "";
                break;
            default: // UNIT, OpenMetrics only
                if (f.unit != null || p.length != 4 || !name.endsWith("_" + p[3])) {
                    throw new Invalid(lineNo, "bad UNIT line: " + line);
                }
                f.unit = p[3];
        }
    }

    private Family familyForMetadata(String name) {
        if (current != null && current.name.equals(name)) {
            if (!current.samples.isEmpty()) {
                throw new Invalid(lineNo, "metadata for " + name + " after its samples");
            }
            return current;
        }
        return openFamily(name, null);
    }

    private Family openFamily(String name, String type) {
        closeFamily();
        if (closedFamilies.contains(name) || result.families.containsKey(name)) {
            throw new Invalid(lineNo, "family " + name + " appears twice (its lines must be one group)");
        }
        current = new Family(name, type);
        result.families.put(name, current);
        return current;
    }

    private void sample(String line) {
        boolean om = format == Format.OPENMETRICS;
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new Invalid(lineNo, "bad metric name '" + name + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new Invalid(lineNo, "expected one space and a value after " + name);
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length > 2 || rest[0].isEmpty()) {
            throw new Invalid(lineNo, "expected 'value [timestamp]' with single spaces: " + line);
        }
        if (!NUMBER.matcher(rest[0]).matches()) {
            throw new Invalid(lineNo, "bad value '" + rest[0] + "'");
        }
        if (rest.length == 2 && !(om ? NUMBER.matcher(rest[1]).matches() : INT.matcher(rest[1]).matches())) {
            throw new Invalid(lineNo, "bad timestamp '" + rest[1] + "'");
        }
        double value = parseNumber(rest[0]);
        Family f = familyOf(name);
        String suffix = name.substring(f.name.length());
        checkSample(f, suffix, labels, value);
        Sample s = new Sample(name, labels, value);
        if (result.series.put(key(name, labels), s) != null) {
            throw new Invalid(lineNo, "duplicate series " + name + labels);
        }
        f.samples.add(s);
    }

    /** Parses labels from just after '{'; returns the index just after '}'. */
    private int labels(String line, int i, Map<String, String> out) {
        boolean om = format == Format.OPENMETRICS;
        while (true) {
            if (i >= line.length()) {
                throw new Invalid(lineNo, "unterminated label set");
            }
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw new Invalid(lineNo, "label without '='");
            }
            String name = line.substring(i, eq);
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new Invalid(lineNo, "bad label name '" + name + "'");
            }
            if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new Invalid(lineNo, "label value of " + name + " is not quoted");
            }
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= line.length()) {
                    throw new Invalid(lineNo, "unterminated label value of " + name);
                }
                char c = line.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (j + 1 >= line.length()) {
                        throw new Invalid(lineNo, "dangling backslash in label value of " + name);
                    }
                    char e = line.charAt(j + 1);
                    if (e == '\\' || e == '"') {
                        v.append(e);
                    } else if (e == 'n') {
                        v.append('\n');
                    } else {
                        throw new Invalid(lineNo, "bad escape \\" + e + " in label value of " + name);
                    }
                    j += 2;
                } else {
                    v.append(c);
                    j++;
                }
            }
            if (out.put(name, v.toString()) != null) {
                throw new Invalid(lineNo, "label " + name + " given twice");
            }
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
                if (om && i < line.length() && line.charAt(i) == '}') {
                    throw new Invalid(lineNo, "trailing comma in label set (not allowed in OpenMetrics)");
                }
            } else if (i >= line.length() || line.charAt(i) != '}') {
                throw new Invalid(lineNo, "expected ',' or '}' after label " + name);
            }
        }
    }

    /** The family a sample name belongs to: the current one when its type allows the name, else a new untyped one. */
    private Family familyOf(String name) {
        if (current != null && allowedSuffix(current, name) != null) {
            return current;
        }
        if (current != null && current.name.equals(name)) {
            throw new Invalid(lineNo, "sample " + name + " does not fit its family's type " + current.type
                    + (format == Format.OPENMETRICS && "counter".equals(current.type) ? " (a counter's sample is " + name + "_total)" : ""));
        }
        if (format == Format.OPENMETRICS) {
            return openFamily(name, "unknown");
        }
        return openFamily(name, "untyped");
    }

    private String allowedSuffix(Family f, String sampleName) {
        if (!sampleName.startsWith(f.name)) {
            return null;
        }
        String suffix = sampleName.substring(f.name.length());
        String type = f.type == null ? (format == Format.OPENMETRICS ? "unknown" : "untyped") : f.type;
        boolean om = format == Format.OPENMETRICS;
        List<String> allowed;
        switch (type) {
            case "counter":
                allowed = om ? java.util.Arrays.asList("_total", "_created") : Collections.singletonList("");
                break;
            case "histogram":
            case "gaugehistogram":
                allowed = java.util.Arrays.asList("_bucket", "_count", "_sum", "_created", "_gcount", "_gsum");
                break;
            case "summary":
                allowed = java.util.Arrays.asList("", "_count", "_sum", "_created");
                break;
            case "info":
                allowed = Collections.singletonList("_info");
                break;
            default:
                allowed = Collections.singletonList("");
        }
        return allowed.contains(suffix) ? suffix : null;
    }

    private void checkSample(Family f, String suffix, Map<String, String> labels, double value) {
        String type = f.type == null ? "untyped" : f.type;
        if (type.equals("counter") && (Double.isNaN(value) || value < 0)) {
            throw new Invalid(lineNo, "counter " + f.name + " is negative or NaN");
        }
        if (type.equals("histogram")) {
            boolean bucket = suffix.equals("_bucket");
            if (bucket != labels.containsKey("le")) {
                throw new Invalid(lineNo, bucket ? "bucket without le label" : "le label outside _bucket");
            }
            if (bucket && !NUMBER.matcher(labels.get("le")).matches()) {
                throw new Invalid(lineNo, "bad le value '" + labels.get("le") + "'");
            }
            if (!suffix.equals("_sum") && (Double.isNaN(value) || value < 0)) {
                throw new Invalid(lineNo, "negative or NaN histogram count");
            }
        }
        if (type.equals("summary")) {
            boolean quantile = suffix.isEmpty();
            if (quantile != labels.containsKey("quantile")) {
                throw new Invalid(lineNo, quantile ? "summary sample without quantile label" : "quantile label on " + suffix);
            }
            if (suffix.equals("_count") && (Double.isNaN(value) || value < 0)) {
                throw new Invalid(lineNo, "negative or NaN summary count");
            }
        }
    }

    /** Checks what needs the whole family: histogram buckets, and OpenMetrics grouping of series. */
    private void closeFamily() {
        Family f = current;
        if (f == null) {
            return;
        }
        current = null;
        closedFamilies.add(f.name);
        if (format == Format.OPENMETRICS) {
            checkGrouped(f);
        }
        if ("histogram".equals(f.type)) {
            checkHistogram(f);
        }
    }

    private void checkGrouped(Family f) {
        Set<Map<String, String>> done = new HashSet<>();
        Map<String, String> previous = null;
        for (Sample s : f.samples) {
            Map<String, String> base = new TreeMap<>(s.labels);
            base.remove("le");
            base.remove("quantile");
            if (!base.equals(previous)) {
                if (!done.add(base)) {
                    throw new Invalid(lineNo, "samples of " + f.name + base + " are not one group");
                }
                previous = base;
            }
        }
    }

    private void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
        for (Sample s : f.samples) {
            Map<String, String> base = new TreeMap<>(s.labels);
            base.remove("le");
            bySeries.computeIfAbsent(base, k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<Map<String, String>, List<Sample>> e : bySeries.entrySet()) {
            double lastLe = Double.NEGATIVE_INFINITY;
            double lastCount = 0;
            Double inf = null;
            Double count = null;
            for (Sample s : e.getValue()) {
                if (s.name.endsWith("_bucket")) {
                    double le = parseNumber(s.labels.get("le"));
                    if (!(le > lastLe)) {
                        throw new Invalid(lineNo, f.name + e.getKey() + ": le values not ascending at " + s.labels.get("le"));
                    }
                    if (s.value < lastCount) {
                        throw new Invalid(lineNo, f.name + e.getKey() + ": buckets not cumulative at le=" + s.labels.get("le"));
                    }
                    lastLe = le;
                    lastCount = s.value;
                    if (le == Double.POSITIVE_INFINITY) {
                        inf = s.value;
                    }
                } else if (s.name.endsWith("_count")) {
                    count = s.value;
                }
            }
            if (inf == null) {
                throw new Invalid(lineNo, f.name + e.getKey() + ": no le=\"+Inf\" bucket");
            }
            if (count != null && !count.equals(inf)) {
                throw new Invalid(lineNo, f.name + e.getKey() + ": _count " + count + " differs from the +Inf bucket " + inf);
            }
        }
    }

    private String unescapeHelp(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            if (e == '\\') {
                b.append('\\');
            } else if (e == 'n') {
                b.append('\n');
            } else if (e == '"' && format == Format.OPENMETRICS) {
                b.append('"');
            } else {
                throw new Invalid(lineNo, "bad escape in HELP text");
            }
            i++;
        }
        return b.toString();
    }

    private static double parseNumber(String s) {
        switch (s) {
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                return Double.parseDouble(s);
        }
    }

    static List<Object> key(String name, Map<String, String> labels) {
        return java.util.Arrays.asList(name, new TreeMap<>(labels));
    }
}
