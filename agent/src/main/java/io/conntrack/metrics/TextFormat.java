package io.conntrack.metrics;

import io.conntrack.tracking.Utf16;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Writes the Prometheus text exposition format 0.0.4 or OpenMetrics 1.0.0 text: the two differ,
 * for what this exporter emits, only in the content type, in counter family names ({@code _total}
 * is part of the name in 0.0.4, only of the sample in OpenMetrics) and in the closing {@code # EOF}.
 */
final class TextFormat {

    enum Kind {
        PROMETHEUS("text/plain; version=0.0.4; charset=utf-8"),
        OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

        final String contentType;

        Kind(String contentType) {
            this.contentType = contentType;
        }
    }

    private final Kind kind;
    private final StringBuilder out = new StringBuilder(4096);

    TextFormat(Kind kind) {
        this.kind = kind;
    }

    /**
     * OpenMetrics when the Accept header ranks {@code application/openmetrics-text} at least as high as
     * {@code text/plain} (and above q=0); else the 0.0.4 text format, also for a missing header.
     */
    static Kind negotiate(String accept) {
        if (accept == null) {
            return Kind.PROMETHEUS;
        }
        double openMetrics = 0;
        double text = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals("application/openmetrics-text")) {
                openMetrics = Math.max(openMetrics, q);
            } else if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
                text = Math.max(text, q);
            }
        }
        return openMetrics > 0 && openMetrics >= text ? Kind.OPENMETRICS : Kind.PROMETHEUS;
    }

    private static double quality(String[] params) {
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            if (p.startsWith("q=") || p.startsWith("Q=")) {
                try {
                    double q = Double.parseDouble(p.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** Starts a family. {@code type} is gauge, counter, histogram or summary; counter names exclude {@code _total}. */
    TextFormat family(String name, String type, String help) {
        String familyName = kind == Kind.PROMETHEUS && type.equals("counter") ? name + "_total" : name;
        out.append("# HELP ").append(familyName).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(familyName).append(' ').append(type).append('\n');
        return this;
    }

    TextFormat sample(String name, String labels, String value) {
        out.append(name);
        if (labels != null && !labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    TextFormat sample(String name, String labels, long value) {
        return sample(name, labels, Long.toString(value));
    }

    String finish() {
        if (kind == Kind.OPENMETRICS) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    /**
     * {@code name="value"} with the value escaped as both formats require: backslash, quote, newline; an
     * unpaired surrogate (which UTF-8 cannot encode) as U+FFFD. Values that must stay distinct series are
     * made distinct in that form by whoever names them (pools, callsites).
     */
    static String label(String name, String value) {
        value = Utf16.wellFormed(value);
        StringBuilder b = new StringBuilder(name.length() + value.length() + 4).append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\':
                    b.append("\\\\");
                    break;
                case '"':
                    b.append("\\\"");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Nanoseconds as exact decimal seconds, without an exponent: 1500000 -> "0.0015". */
    static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }
}
