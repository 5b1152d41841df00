package com.widgetify.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsNestedValuesWithTheirTypes() {
        JsonObject o = JsonObject.parse(" {\"a\": 1, \"b\": [true, false, null, -2.5e1], \"c\": {\"d\": \"x\\\"y\\u0041\\n\"}} ");
        assertEquals(1L, o.number("a", -1));
        assertEquals(Arrays.asList(true, false, null, -25.0), Json.parseObject("{\"b\": [true, false, null, -2.5e1]}").get("b"));
        assertEquals("x\"yA\n", o.object("c").string("d"));
        assertNull(o.object("a"), "not an object");
        assertEquals(7, o.number("missing", 7));
        assertTrue(o.has("a"));
        assertFalse(o.has("missing"));
    }

    @Test
    void keepsLargeIntegersExactAndFractionsAsDoubles() {
        Map<String, Object> m = Json.parseObject("{\"big\": 9007199254740993, \"f\": 0.044968}");
        assertEquals(9007199254740993L, m.get("big"));
        assertEquals(0.044968, (Double) m.get("f"), 1e-12);
    }

    @Test
    void readsEmptyContainers() {
        assertEquals(List.of(), Json.parse("[]"));
        assertEquals(Map.of(), Json.parse("{ }"));
        assertEquals(List.of(), JsonObject.parse("{\"x\":[]}").objects("x"));
    }

    @Test
    void rejectsBrokenJsonWithTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1,}"));
        assertTrue(e.getMessage().contains("offset 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1 2]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse(""));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "Widget \"1\"\t\u0001");
        m.put("n", 3);
        m.put("list", Arrays.asList(1.5, null, false));
        m.put("nested", Map.of("k", "v"));
        String json = Json.write(m);
        assertEquals("{\"name\":\"Widget \\\"1\\\"\\t\\u0001\",\"n\":3,\"list\":[1.5,null,false],\"nested\":{\"k\":\"v\"}}", json);
        assertEquals("Widget \"1\"\t\u0001", JsonObject.parse(json).string("name"));
    }
}
