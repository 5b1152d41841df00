package io.conntrack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsEveryKindOfValue() throws Exception {
        Object v = JsonReader.parse(" {\"a\": [1, -2, 3.5, 1e3, -0, 12345678901234567890], \"b\": {\"c\": null, \"d\": true,"
                + " \"e\": false}, \"s\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\ud83d\\ude00 \\u2028\"}\n");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(Arrays.asList(1L, -2L, 3.5, 1000.0, 0L, 1.2345678901234567E19), m.get("a"));
        Map<?, ?> b = (Map<?, ?>) m.get("b");
        assertTrue(b.containsKey("c"));
        assertNull(b.get("c"));
        assertEquals(true, b.get("d"));
        assertEquals("q\" b\\ s/ \b\f\n\r\t \u00e9\ud83d\ude00 \u2028", m.get("s"));
        assertEquals(List.of(), JsonReader.parse("[]"));
        assertEquals(new LinkedHashMap<>(), JsonReader.parse("{}"));
        assertEquals("x", JsonReader.parse("\"x\""));
    }

    @Test
    void readsWhatTheAgentWritesAsJacksonDoes() throws Exception {
        String dump = new String(getClass().getResourceAsStream("/io/conntrack/report/sample-dump.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Object ours = JsonReader.parse(dump);
        Object jackson = new ObjectMapper().readValue(dump, Object.class);
        assertEquals(normalize(jackson), normalize(ours));
    }

    /** Jackson reads small whole numbers as Integer, ours as Long: compare as text. */
    private static String normalize(Object o) throws Exception {
        return new ObjectMapper().writeValueAsString(o);
    }

    @Test
    void refusesWhatIsNotStrictJsonSayingWhereAndWhat() {
        assertRefused("", "the file is empty at line 1, column 1");
        assertRefused("{\"a\": 1,}", "a trailing comma before '}' at line 1, column 9");
        assertRefused("[1, 2,\n ]", "a trailing comma before ']' at line 2, column 2");
        assertRefused("{\"a\": 01}", "a number with a leading zero at line 1, column 8");
        assertRefused("{\"a\": 1} x", "unexpected 'x' after the end of the JSON value at line 1, column 10");
        assertRefused("{\"a\": 1, \"a\": 2}", "duplicate member \"a\" at line 1, column 10");
        assertRefused("{'a': 1}", "expected a member name in double quotes, found ''' at line 1, column 2");
        assertRefused("{\"a\": \"x\ny\"}", "a control character (U+000A) inside a string; it must be escaped at line 1, column 9");
        assertRefused("{\"a\": \"x", "a string is not closed at line 1, column 9");
        assertRefused("{\"a\": \"\\x\"}", "an unknown escape \\x in a string at line 1, column 9");
        assertRefused("{\"a\": \"\\u12\"}", "a \\u escape needs four hex digits at line 1, column 10");
        assertRefused("// comment\n{}", "expected a value, found '/' at line 1, column 1");
        assertRefused("{\"a\": tru}", "expected a value, found 't' at line 1, column 7");
        assertRefused("{\"a\": 1.}", "expected a digit after the decimal point, found '}' at line 1, column 9");
        assertRefused("{\"a\": -}", "expected a digit, found '}' at line 1, column 8");
        assertRefused("{\"a\" 1}", "expected ':' after a member name, found '1' at line 1, column 6");
        assertRefused("[1 2]", "expected ',' or ']' after an array element, found '2' at line 1, column 4");
        assertRefused("\uFEFF{}", "expected a value, found a byte order mark at line 1, column 1");
        assertRefused("ConnTrack dump 2026-12-01T05:50:11Z", "expected a value, found 'C' at line 1, column 1");
        assertRefused("[".repeat(65) + "]".repeat(65), "nested more than 64 levels deep at line 1, column 65");
    }

    private static void assertRefused(String text, String message) {
        JsonReader.JsonException e = assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse(text), text);
        assertEquals(message, e.getMessage());
    }
}
