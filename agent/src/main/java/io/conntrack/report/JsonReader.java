package io.conntrack.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader (RFC 8259) for dump files: objects become {@code LinkedHashMap}s, arrays
 * {@code ArrayList}s, numbers {@code Long} (whole numbers that fit) or {@code Double}, {@code null}
 * Java's null. Anything else is refused with the line and column: trailing commas, comments, single
 * quotes, leading zeros, control characters in strings, duplicate keys, content after the value, more
 * than {@value #MAX_DEPTH} levels of nesting.
 */
final class JsonReader {

    static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;
    private int depth;

    /** Refused input: {@link #getMessage()} says what and where. */
    static final class JsonException extends Exception {
        JsonException(String message) {
            super(message);
        }
    }

    private JsonReader(String s) {
        this.s = s;
    }

    static Object parse(String text) throws JsonException {
        JsonReader r = new JsonReader(text);
        r.space();
        if (r.pos >= text.length()) {
            throw r.error("the file is empty");
        }
        Object v = r.value();
        r.space();
        if (r.pos < text.length()) {
            throw r.error("unexpected " + r.found() + " after the end of the JSON value");
        }
        return v;
    }

    private Object value() throws JsonException {
        if (pos >= s.length()) {
            throw error("the file ends where a value should be");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", null);
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw error("expected a value, found " + found());
        }
    }

    private Map<String, Object> object() throws JsonException {
        enter();
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        space();
        if (peek() == '}') {
            pos++;
            depth--;
            return m;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw error("expected a member name in double quotes, found " + found());
            }
            int at = pos;
            String name = string();
            if (m.containsKey(name)) {
                pos = at;
                throw error("duplicate member \"" + shorten(name) + "\"");
            }
            space();
            expect(':', "after a member name");
            space();
            m.put(name, value());
            space();
            char c = peek();
            if (c == ',') {
                pos++;
                space();
                if (peek() == '}') {
                    throw error("a trailing comma before '}'");
                }
            } else if (c == '}') {
                pos++;
                depth--;
                return m;
            } else {
                throw error("expected ',' or '}' after an object member, found " + found());
            }
        }
    }

    private List<Object> array() throws JsonException {
        enter();
        pos++;
        List<Object> a = new ArrayList<>();
        space();
        if (peek() == ']') {
            pos++;
            depth--;
            return a;
        }
        while (true) {
            space();
            a.add(value());
            space();
            char c = peek();
            if (c == ',') {
                pos++;
                space();
                if (peek() == ']') {
                    throw error("a trailing comma before ']'");
                }
            } else if (c == ']') {
                pos++;
                depth--;
                return a;
            } else {
                throw error("expected ',' or ']' after an array element, found " + found());
            }
        }
    }

    private String string() throws JsonException {
        pos++; // the opening quote
        StringBuilder b = null;
        int start = pos;
        while (true) {
            if (pos >= s.length()) {
                throw error("a string is not closed");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                String out = b == null ? s.substring(start, pos) : b.append(s, start, pos).toString();
                pos++;
                return out;
            }
            if (c < 0x20) {
                throw error("a control character (U+" + String.format("%04X", (int) c) + ") inside a string; it must be escaped");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (b == null) {
                b = new StringBuilder();
            }
            b.append(s, start, pos);
            pos++;
            if (pos >= s.length()) {
                throw error("a string ends inside an escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (pos + 4 > s.length()) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(pos + i), 16);
                        if (d < 0) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        v = v * 16 + d;
                    }
                    pos += 4;
                    b.append((char) v);
                    break;
                default:
                    pos--;
                    throw error("an unknown escape \\" + e + " in a string");
            }
            start = pos;
        }
    }

    private Object number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("a number with a leading zero");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit, found " + found());
        }
        boolean whole = true;
        if (peek() == '.') {
            whole = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point, found " + found());
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            whole = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent, found " + found());
            }
            digits();
        }
        String text = s.substring(start, pos);
        if (whole && text.length() <= 18) {
            return Long.parseLong(text);
        }
        if (whole) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                // a double below
            }
        }
        return Double.parseDouble(text);
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object word(String w, Object value) throws JsonException {
        if (!s.startsWith(w, pos)) {
            throw error("expected a value, found " + found());
        }
        pos += w.length();
        return value;
    }

    private void enter() throws JsonException {
        if (++depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private void expect(char c, String where) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "' " + where + ", found " + found());
        }
        pos++;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void space() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String found() {
        if (pos >= s.length()) {
            return "the end of the file";
        }
        char c = s.charAt(pos);
        if (c == '\uFEFF') {
            return "a byte order mark";
        }
        return c < 0x20 || c > 0x7e ? "U+" + String.format("%04X", (int) c) : "'" + c + "'";
    }

    private JsonException error(String what) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(pos, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new JsonException(what + " at line " + line + ", column " + column);
    }

    private static String shorten(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }
}
