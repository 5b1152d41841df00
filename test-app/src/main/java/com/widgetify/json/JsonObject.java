package com.widgetify.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Typed reads from a parsed JSON object, with defaults for absent or null fields. */
public final class JsonObject {

    private final Map<String, Object> fields;

    public JsonObject(Map<String, Object> fields) {
        this.fields = fields;
    }

    public static JsonObject parse(String text) {
        return new JsonObject(Json.parseObject(text));
    }

    public boolean has(String name) {
        return fields.get(name) != null;
    }

    public String string(String name) {
        Object v = fields.get(name);
        return v == null ? null : v.toString();
    }

    public long number(String name, long otherwise) {
        Object v = fields.get(name);
        return v instanceof Number ? ((Number) v).longValue() : otherwise;
    }

    public double decimal(String name, double otherwise) {
        Object v = fields.get(name);
        return v instanceof Number ? ((Number) v).doubleValue() : otherwise;
    }

    public boolean bool(String name) {
        return Boolean.TRUE.equals(fields.get(name));
    }

    @SuppressWarnings("unchecked")
    public JsonObject object(String name) {
        Object v = fields.get(name);
        return v instanceof Map ? new JsonObject((Map<String, Object>) v) : null;
    }

    @SuppressWarnings("unchecked")
    public List<JsonObject> objects(String name) {
        Object v = fields.get(name);
        if (!(v instanceof List)) {
            return Collections.emptyList();
        }
        List<JsonObject> out = new ArrayList<>();
        for (Object o : (List<Object>) v) {
            if (o instanceof Map) {
                out.add(new JsonObject((Map<String, Object>) o));
            }
        }
        return out;
    }

    public List<String> strings(String name) {
        Object v = fields.get(name);
        if (!(v instanceof List)) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    public Iterable<String> names() {
        return fields.keySet();
    }
}
