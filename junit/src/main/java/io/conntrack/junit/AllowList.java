package io.conntrack.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Callsites allowed to keep a connection open past the end of a test. An entry names:
 * <ul>
 *   <li>a method: {@code com.acme.Cache.warm} (any line of it; nested classes with {@code $});</li>
 *   <li>one line, as ConnTrack prints callsites: {@code com.acme.Cache.warm(Cache.java:31)};</li>
 *   <li>a class: {@code com.acme.Cache}; a package and below: {@code com.acme.cache.*}; a class with its nested
 *       classes: {@code com.acme.Cache.*};</li>
 *   <li>{@code *}: every callsite (the check still runs, and fails nothing).</li>
 * </ul>
 */
final class AllowList {

    static final AllowList NONE = new AllowList(Collections.emptyList());

    private final List<String> entries;

    private AllowList(List<String> entries) {
        this.entries = entries;
    }

    /** Entries separated by commas, semicolons or white space; blanks ignored. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String e : text.split("[,;\\s]+")) {
                if (!e.isEmpty()) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    static AllowList of(List<String> entries) {
        return entries.isEmpty() ? NONE : new AllowList(Collections.unmodifiableList(new ArrayList<>(entries)));
    }

    List<String> entries() {
        return entries;
    }

    boolean allows(ScopeReport.Connection c) {
        for (String e : entries) {
            if (matches(e, c.callsite, c.className, c.methodName)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String entry, String callsite, String className, String methodName) {
        if (entry.equals("*") || entry.equals(callsite) || entry.equals(className)
                || entry.equals(className + "." + methodName)) {
            return true;
        }
        if (entry.endsWith(".*")) {
            String prefix = entry.substring(0, entry.length() - 1); // keeps the dot
            String named = entry.substring(0, entry.length() - 2); // a package, or a class: then it and its nested classes
            return className.startsWith(prefix) || className.equals(named) || className.startsWith(named + "$");
        }
        return false;
    }
}
