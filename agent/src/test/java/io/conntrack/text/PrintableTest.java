package io.conntrack.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one escaping function, and the human-readable outputs that use it. */
class PrintableTest {

    private static final String FORGED = "worker\n[conntrack] ERROR forged\r\u001b[2K\u2028x\u0085y\t\u009b31m";
    private static final String ESCAPED = "worker\\n[conntrack] ERROR forged\\r\\u001b[2K\\u2028x\\u0085y\\t\\u009b31m";

    @Test
    void plainTextIsKeptAsItIs() {
        String s = "com.acme.OrderDao.load(OrderDao.java:42) by \"http-nio-8080-exec-7\" C:\\dumps é ü 日本 \ud83d\ude00";
        assertSame(s, Printable.escape(s));
        assertEquals("", Printable.escape(""));
        assertEquals("null", Printable.escape((String) null));
        assertEquals("null", Printable.escape((Object) null));
        assertEquals("42", Printable.escape((Object) 42L));
    }

    @Test
    void lineBreaksAndTabsShowAsBackslashLetters() {
        assertEquals("a\\nb\\rc\\td", Printable.escape("a\nb\rc\td"));
        assertEquals(ESCAPED, Printable.escape(FORGED));
    }

    @Test
    void everyOtherControlShowsAsItsCodePoint() {
        assertEquals("\\u0000\\u0007\\u001b\\u001f\\u007f", Printable.escape("\u0000\u0007\u001b\u001f\u007f"));
        assertEquals("\\u0080\\u0085\\u009b\\u009f\u00a0", Printable.escape("\u0080\u0085\u009b\u009f\u00a0"));
        assertEquals("a\\u2028b\\u2029c", Printable.escape("a\u2028b\u2029c"));
        // bidirectional controls reorder what a terminal shows ("Trojan Source")
        assertEquals("\\u202eabc\\u202c\\u2066\\u2069\\u200e\\u200f\\u061c", Printable.escape("\u202eabc\u202c\u2066\u2069\u200e\u200f\u061c"));
    }

    @Test
    void onlyUnpairedSurrogatesAreEscaped() {
        assertEquals("\ud83d\ude00", Printable.escape("\ud83d\ude00"));
        assertEquals("\\ud83d", Printable.escape("\ud83d"));
        assertEquals("x\\ude00y", Printable.escape("x\ude00y"));
        assertEquals("\\ude00\\ud83d", Printable.escape("\ude00\ud83d"));
    }

    @Test
    void theResultIsOneLineOfPrintableCharacters() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        String escaped = Printable.escape(all.toString());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            assertFalse(Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR, "raw U+" + Integer.toHexString(c));
        }
    }

    @Test
    void escapeLinesKeepsTheLayoutOnly() {
        assertEquals("one\ntwo\\r\\u001b[2K\n\nthree\n", Printable.escapeLines("one\ntwo\r\u001b[2K\n\nthree\n"));
        assertEquals("x", Printable.escapeLines("x"));
    }
}
