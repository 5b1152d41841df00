package io.conntrack.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dump schema as docs/dump-format.md documents it, read from the tables of its "JSON fields" section
 * (rows like {@code | `callsites[].open` | integer | ... |}), so the document and the check cannot drift.
 * Checks that every documented field is present (unless "optional") with its type, that the dump has
 * no undocumented field, and that every stack id it refers to is in {@code stacks}. Elements of
 * {@code poolCallsites} have the fields of {@code callsites[]}, as the document says.
 */
public final class DumpFormat {

    static final Path DOC = Paths.get("../docs/dump-format.md");
    public static final String FORMAT = "conntrack-dump/3";
    static final List<String> TRIGGERS = Arrays.asList("limit", "totalLimit", "holdThreshold", "leak", "forecast", "reclaim", "onDemand", "exit");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]+?)\\s*\\|");
    private static final String POOL_ELEMENT = "poolCallsites[]";
    private static DumpFormat documented;

    /** One documented field: {@code path} uses {@code []} for array elements and {@code *} for any key. */
    static final class Field {
        final String path;
        final String type;
        final boolean nullable;
        final boolean optional;

        Field(String path, String typeCell) {
            this.path = path;
            String t = typeCell.toLowerCase();
            this.type = t.split("[ ,(]")[0];
            this.nullable = t.contains("or null");
            this.optional = t.contains("optional");
        }
    }

    final Map<String, Field> fields = new LinkedHashMap<>();

    public static synchronized DumpFormat documented() {
        if (documented == null) {
            try {
                documented = parse(Files.readAllLines(DOC));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + DOC.toAbsolutePath(), e);
            }
        }
        return documented;
    }

    /** The JSON example of docs/dump-format.md: its first json code block. */
    public static String example() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```json\n");
        int end = doc.indexOf("\n```", start + 1);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("docs/dump-format.md has no json example");
        }
        return doc.substring(start + "```json\n".length(), end);
    }

    static DumpFormat parse(List<String> lines) {
        DumpFormat f = new DumpFormat();
        boolean inFields = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inFields = line.equals("## JSON fields");
            }
            Matcher m = ROW.matcher(line);
            if (inFields && m.find()) {
                f.fields.put(m.group(1), new Field(m.group(1), m.group(2)));
            }
        }
        if (f.fields.size() < 20) {
            throw new IllegalStateException("docs/dump-format.md documents only " + f.fields.size() + " fields");
        }
        return f;
    }

    /** Everything wrong with {@code dump}, empty when it matches the documented format. */
    public List<String> check(JsonNode dump) {
        List<String> problems = new ArrayList<>();
        if (!dump.isObject()) {
            problems.add("a dump is a JSON object");
            return problems;
        }
        checkObject("", dump, problems);
        if (problems.isEmpty()) {
            checkMeaning(dump, problems);
        }
        return problems;
    }

    private void checkObject(String path, JsonNode object, List<String> problems) {
        String prefix = path.isEmpty() ? "" : path + ".";
        for (Field f : fields.values()) {
            String name = f.path.startsWith(prefix) ? f.path.substring(prefix.length()) : null;
            if (name != null && !name.contains(".") && !name.contains("[") && !name.equals("*")
                    && !f.optional && !object.has(name)) {
                problems.add("missing " + f.path);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = fields.containsKey(prefix + "*") ? prefix + "*" : prefix + e.getKey();
            checkValue(child, e.getValue(), problems, prefix + e.getKey());
        }
    }

    private void checkValue(String path, JsonNode value, List<String> problems, String where) {
        if (path.startsWith(POOL_ELEMENT)) { // documented as "the fields of callsites[]"
            path = "callsites[]" + path.substring(POOL_ELEMENT.length());
        }
        Field f = fields.get(path);
        if (f == null) {
            if (!(path.endsWith("[]") && value.isObject())) {
                problems.add("undocumented field " + where);
                return;
            }
        } else if (!hasType(value, f)) {
            problems.add(where + " is " + value.getNodeType() + ", documented as " + f.type + (f.nullable ? " or null" : ""));
            return;
        }
        if (value.isObject()) {
            checkObject(path, value, problems);
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                checkValue(path + "[]", element, problems, where + "[]");
            }
        }
    }

    private static boolean hasType(JsonNode v, Field f) {
        if (v.isNull()) {
            return f.nullable;
        }
        switch (f.type) {
            case "string": return v.isTextual();
            case "integer": return v.isIntegralNumber();
            case "number": return v.isNumber();
            case "boolean": return v.isBoolean();
            case "object": return v.isObject();
            case "array": return v.isArray();
            default: throw new IllegalStateException("docs/dump-format.md uses an unknown type '" + f.type + "' for " + f.path);
        }
    }

    /** What the types alone do not say: known values and stack ids that resolve. */
    private static void checkMeaning(JsonNode dump, List<String> problems) {
        if (!FORMAT.equals(dump.get("format").asText())) {
            problems.add("format is " + dump.get("format"));
        }
        if (!TRIGGERS.contains(dump.get("trigger").get("type").asText())) {
            problems.add("unknown trigger.type " + dump.get("trigger").get("type"));
        }
        JsonNode stacks = dump.get("stacks");
        for (JsonNode c : dump.get("callsites")) {
            if (c.get("poolOwned").asBoolean()) {
                problems.add("pool-owned " + c.get("callsite").asText() + " in callsites");
            }
        }
        for (JsonNode c : dump.get("poolCallsites")) {
            if (!c.get("poolOwned").asBoolean()) {
                problems.add("application callsite " + c.get("callsite").asText() + " in poolCallsites");
            }
            if (c.has("oldestOpen")) {
                problems.add("pool-owned " + c.get("callsite").asText() + " lists oldestOpen");
            }
        }
        for (JsonNode c : dump.get("callsites")) {
            for (JsonNode o : c.path("oldestOpen")) {
                for (JsonNode id : Arrays.asList(o.get("acquireStack"), o.get("holder").get("stack"))) {
                    if (!id.isNull() && !stacks.has(id.asText())) {
                        problems.add(c.get("callsite").asText() + " refers to missing stack " + id);
                    }
                }
            }
        }
    }
}
