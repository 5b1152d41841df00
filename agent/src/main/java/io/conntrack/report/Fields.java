package io.conntrack.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Typed reads of parsed JSON with a default where a field is missing or of another type (older dump formats). */
final class Fields {

    private Fields() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o, String name) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(name) : null;
        return v instanceof Map ? (Map<String, Object>) v : Collections.emptyMap();
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object o, String name) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(name) : null;
        return v instanceof List ? (List<Object>) v : Collections.emptyList();
    }

    @SuppressWarnings("unchecked")
    static String string(Object o, String name) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(name) : null;
        return v instanceof String ? (String) v : null;
    }

    @SuppressWarnings("unchecked")
    static long number(Object o, String name, long otherwise) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(name) : null;
        return v instanceof Number ? ((Number) v).longValue() : otherwise;
    }

    @SuppressWarnings("unchecked")
    static double decimal(Object o, String name, double otherwise) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(name) : null;
        return v instanceof Number ? ((Number) v).doubleValue() : otherwise;
    }

    @SuppressWarnings("unchecked")
    static boolean flag(Object o, String name) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(name) : null;
        return Boolean.TRUE.equals(v);
    }

    /** An array of integers, -1 for null or anything else. */
    static long[] numbers(Object o, String name) {
        List<Object> a = array(o, name);
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = a.get(i);
            out[i] = v instanceof Number ? ((Number) v).longValue() : -1;
        }
        return out;
    }

    static List<String> strings(Object o, String name) {
        List<Object> a = array(o, name);
        List<String> out = new java.util.ArrayList<>(a.size());
        for (Object v : a) {
            if (v instanceof String) {
                out.add((String) v);
            }
        }
        return out;
    }
}
