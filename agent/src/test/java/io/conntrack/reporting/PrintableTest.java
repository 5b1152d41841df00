package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.FakeJdbc;
import io.conntrack.tracking.Tracker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    @Test
    void logLinesStayOneLine() {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Log.error("thread " + FORGED);
            Log.warn("file " + FORGED);
            Log.info("name " + FORGED);
        } finally {
            System.setErr(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("[conntrack] ERROR thread " + ESCAPED + "\n[conntrack] WARN file " + ESCAPED + "\n[conntrack] name "
                + ESCAPED + "\n", out.replace(System.lineSeparator(), "\n"));
    }

    @Test
    void textDumpsEscapeThreadNamesMessagesAndFrames() throws Exception {
        Tracker t = TestDumps.tracker("stacks=all");
        Thread self = Thread.currentThread();
        String name = self.getName();
        Object held;
        self.setName(FORGED);
        try {
            held = FakeJdbc.held(t);
        } finally {
            self.setName(name);
        }
        String text = DumpText.render(TestDumps.dump(t, new Trigger(Trigger.Type.HOLD, "held by \"" + FORGED + "\"", null, 1, 0),
                List.of(new Dump.Suppressed("leak", 1, "from " + FORGED))));
        t.closed(held);
        for (String line : text.split("\n")) {
            for (char c : line.toCharArray()) {
                assertFalse(c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028', "raw U+" + Integer.toHexString(c) + " in\n" + text);
            }
            assertFalse(line.startsWith("[conntrack]"), text);
        }
        assertTrue(text.contains("\nTrigger: holdThreshold: held by \"" + ESCAPED + "\"\n"), text);
        assertTrue(text.contains("(last: from " + ESCAPED + ")\n"), text);
        assertTrue(text.contains(") by \"" + ESCAPED + "\" #" + self.getId()), text);
    }
}
