package io.conntrack.config;

import io.conntrack.text.Printable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Parsers for option values: durations ({@code 30s}, {@code 500ms}, {@code 2m}), numbers, lists. */
public final class Values {

    private static final int MAX_VALUE_LENGTH = 4096;

    private Values() {
    }

    public static long durationMillis(String key, String value) throws ConfigException {
        String v = check(key, value, "a duration such as 500ms, 30s, 2m or 1h").toLowerCase(Locale.ROOT);
        if (v.equals("0")) {
            return 0; // "off" needs no unit
        }
        long factor;
        String digits;
        if (v.endsWith("ms")) {
            factor = 1;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            factor = 1000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            factor = 60_000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            factor = 3_600_000;
            digits = v.substring(0, v.length() - 1);
        } else {
            throw invalid(key, value, "a duration with a unit: 500ms, 30s, 2m or 1h (0 turns it off)");
        }
        long n = parseLong(key, value, digits.trim(), "a duration such as 500ms, 30s, 2m or 1h");
        if (n > Long.MAX_VALUE / factor / 1_000_000L) {
            throw invalid(key, value, "a duration of at most 100000h");
        }
        return n * factor;
    }

    public static int intInRange(String key, String value, int min, int max) throws ConfigException {
        String what = "a whole number from " + min + " to " + max;
        long n = parseLong(key, value, check(key, value, what), what);
        if (n < min || n > max) {
            throw invalid(key, value, what);
        }
        return (int) n;
    }

    public static boolean bool(String key, String value) throws ConfigException {
        String v = check(key, value, "true or false").toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("on")) {
            return true;
        }
        if (v.equals("false") || v.equals("no") || v.equals("off")) {
            return false;
        }
        throw invalid(key, value, "true or false");
    }

    public static <E extends Enum<E>> E oneOf(String key, String value, Class<E> type) throws ConfigException {
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            String name = e.name().toLowerCase(Locale.ROOT);
            if (name.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
            allowed.append(allowed.length() == 0 ? "" : "|").append(name);
        }
        throw invalid(key, value, "one of " + allowed);
    }

    /** Class-name prefixes separated by ':' or ';' (',' separates options). */
    public static List<String> prefixes(String key, String value) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (String p : value.split("[:;]")) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (!(Character.isJavaIdentifierPart(c) || c == '.')) {
                    throw invalid(key, value, "class-name prefixes such as com.acme.db. separated by ':'");
                }
            }
            out.add(t);
        }
        return Collections.unmodifiableList(out);
    }

    public static String text(String key, String value) throws ConfigException {
        return check(key, value, "a non-empty value");
    }

    static ConfigException invalid(String key, String value, String allowed) {
        return new ConfigException("invalid value '" + printable(value) + "' for option '" + printable(key)
                + "': expected " + allowed);
    }

    /**
     * Shows a value in a message without flooding the log or echoing control characters: about 80
     * characters, escaped by {@link Printable#escape} (a line break shows as {@code \n}).
     */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < s.length() && b.length() < 80; i++) {
            Printable.append(b, s, i);
        }
        if (i < s.length() && Character.isLowSurrogate(s.charAt(i)) && Character.isHighSurrogate(s.charAt(i - 1))) {
            b.append(s.charAt(i++)); // never half a pair
        }
        if (i < s.length()) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }

    private static String check(String key, String value, String what) throws ConfigException {
        if (value == null || value.trim().isEmpty()) {
            throw new ConfigException("option '" + printable(key) + "' needs a value: expected " + what);
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw invalid(key, value, what + " (at most " + MAX_VALUE_LENGTH + " characters)");
        }
        return value.trim();
    }

    private static long parseLong(String key, String value, String digits, String what) throws ConfigException {
        if (digits.isEmpty() || digits.length() > 18) {
            throw invalid(key, value, what);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw invalid(key, value, what);
            }
        }
        return Long.parseLong(digits);
    }
}
