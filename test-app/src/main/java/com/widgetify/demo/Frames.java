package com.widgetify.demo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the parts of a rendered stack frame such as {@code app//com.acme.Foo.bar(Foo.java:42)}. */
public final class Frames {

    private static final Pattern FRAME = Pattern.compile("(?:.*/)?([\\w$.]+)\\.([\\w$<>]+)\\(([^:()]*)(?::(\\d+))?\\)");

    private Frames() {
    }

    /** The frame without its class loader and module prefix ({@code app//}, {@code java.base@17/}). */
    public static String plain(String frame) {
        int paren = frame.indexOf('(');
        int slash = frame.lastIndexOf('/', paren < 0 ? frame.length() : paren);
        return slash < 0 ? frame : frame.substring(slash + 1);
    }

    /** The fully qualified class name, or null when the text is not a frame. */
    public static String className(String frame) {
        Matcher m = FRAME.matcher(frame);
        return m.matches() ? m.group(1) : null;
    }

    /** {@code Class.method}, without module prefix, file and line; the text itself when it is not a frame. */
    public static String method(String frame) {
        Matcher m = FRAME.matcher(frame);
        return m.matches() ? m.group(1) + "." + m.group(2) : frame;
    }

    /** {@code Foo.java:42}, or the text itself when it is not a frame with a line. */
    public static String fileAndLine(String frame) {
        Matcher m = FRAME.matcher(frame);
        return m.matches() && m.group(4) != null ? m.group(3) + ":" + m.group(4) : frame;
    }

    /** The line number, or -1. */
    public static int line(String frame) {
        Matcher m = FRAME.matcher(frame);
        return m.matches() && m.group(4) != null ? Integer.parseInt(m.group(4)) : -1;
    }

    /** {@code SimpleName.method(File.java:N)}: short enough for a report line. */
    public static String shortForm(String frame) {
        Matcher m = FRAME.matcher(frame);
        if (!m.matches()) {
            return frame;
        }
        String cls = m.group(1);
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        return simple + "." + m.group(2) + "(" + m.group(3) + (m.group(4) != null ? ":" + m.group(4) : "") + ")";
    }
}
