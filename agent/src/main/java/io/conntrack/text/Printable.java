package io.conntrack.text;

/**
 * The one escaping function for everything ConnTrack writes for people: log lines, text dumps, the
 * CLI's text output, option values quoted in messages. Names the application chooses (thread names,
 * class and source-file names, the main class's arguments) reach that output; escaped, none of them
 * can start a line of its own (a forged {@code [conntrack] ERROR ...}), move the cursor or recolour a
 * terminal.
 *
 * <p>{@code \n}, {@code \r} and {@code \t} are shown as those two characters; every other C0 control,
 * DEL, every C1 control (U+0085 NEL breaks lines too), the line and paragraph separators U+2028 and
 * U+2029, the bidirectional formatting controls (which reorder what a terminal shows) and unpaired
 * surrogates as {@code \}{@code uXXXX}. Everything else is kept, backslashes included: the output stays
 * readable (Windows paths), at the price that a name containing the two characters {@code \n} looks
 * like one containing a line break. JSON and Prometheus output escape by their own rules.
 */
public final class Printable {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Printable() {
    }

    /** {@code s} with control characters escaped; {@code "null"} for null. */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        int i = 0;
        while (i < s.length() && !needsEscape(s, i)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            append(b, s, i);
        }
        return b.toString();
    }

    /** {@link #escape} of {@code String.valueOf(o)}. */
    public static String escape(Object o) {
        return escape(String.valueOf(o));
    }

    /**
     * A text of several lines, each escaped: its {@code \n} line ends stay, everything else that
     * would end or rewrite a line ({@code \r}, U+2028, ESC...) is escaped. For text that is laid out
     * in lines on purpose (a text dump received from another JVM).
     */
    public static String escapeLines(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            b.append(escape(text.substring(start, nl))).append('\n');
            start = nl + 1;
        }
        return b.append(escape(text.substring(start))).toString();
    }

    /** Appends the character at {@code i} of {@code s}, escaped if need be. */
    public static void append(StringBuilder b, String s, int i) {
        char c = s.charAt(i);
        if (!needsEscape(s, i)) {
            b.append(c);
        } else if (c == '\n') {
            b.append("\\n");
        } else if (c == '\r') {
            b.append("\\r");
        } else if (c == '\t') {
            b.append("\\t");
        } else {
            b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
        }
    }

    /** Whether the character at {@code i} must be escaped. */
    static boolean needsEscape(String s, int i) {
        char c = s.charAt(i);
        if (c >= 0x20 && c < 0x7f) {
            return false; // printable ASCII: the common case
        }
        if (c <= 0x9f) {
            return true; // C0, DEL, C1
        }
        if (c == '\u2028' || c == '\u2029' || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069') {
            return true; // line/paragraph separators, bidirectional controls
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
