package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every string survives a round trip through the writer and a strict JSON parser, unchanged. */
class JsonWriterEscapingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String written(String value) {
        return new JsonWriter().beginObject().field("k", value).endObject().toString();
    }

    private static String roundTrip(String value) throws Exception {
        JsonNode n = JSON.readTree(written(value));
        return n.get("k").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "plain", "", "quote \" inside", "back\\slash", "\\\"", "new\nline", "cr\rlf", "tab\tbed", "\b\f",
        "ünïcödé € 中文", "emoji \ud83d\ude00 pair", "line sep \u2028 para \u2029", "del \u007f", "nul \u0000 end",
        "</script>", "{\"json\":[1,2]}",
    })
    void roundTripsUnchanged(String value) throws Exception {
        assertEquals(value, roundTrip(value));
    }

    @Test
    void everyControlCharacterIsEscaped() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        String json = written(all.toString());
        for (int i = 0; i < json.length(); i++) {
            assertTrue(json.charAt(i) >= 0x20, "raw control character at " + i + " in " + json);
        }
        assertEquals(all.toString(), roundTrip(all.toString()));
    }

    @Test
    void loneSurrogatesAreEscapedSoTheOutputIsValidUtf16() throws Exception {
        for (String s : new String[] {"\ud800", "a\udc00b", "\udc00\ud800", "end\ud83d", "\ude00start"}) {
            String json = written(s);
            for (int i = 0; i < json.length(); i++) {
                char c = json.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertTrue(i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1)), json);
                } else if (Character.isLowSurrogate(c)) {
                    assertTrue(i > 0 && Character.isHighSurrogate(json.charAt(i - 1)), json);
                }
            }
            assertEquals(s, roundTrip(s));
        }
    }

    @Test
    void validPairsStayLiteral() {
        assertTrue(written("\ud83d\ude00").contains("\ud83d\ude00"));
        assertFalse(written("\ud83d\ude00").contains("\\u"));
    }

    @Test
    void structureNumbersAndNullParse() throws Exception {
        String json = new JsonWriter().beginObject()
                .field("n", Long.MIN_VALUE).field("b", true).name("d").value(1.5).name("nan").value(Double.NaN)
                .name("s").value((String) null).name("a").beginArray().value(1).beginObject().field("x", "y").endObject()
                .beginArray().endArray().endArray().endObject().toString();
        JsonNode n = JSON.readTree(json);
        assertEquals(Long.MIN_VALUE, n.get("n").asLong());
        assertTrue(n.get("b").asBoolean());
        assertEquals(1.5, n.get("d").asDouble());
        assertTrue(n.get("nan").isNull());
        assertTrue(n.get("s").isNull());
        assertEquals(3, n.get("a").size());
        assertEquals("y", n.get("a").get(1).get("x").asText());
    }
}
