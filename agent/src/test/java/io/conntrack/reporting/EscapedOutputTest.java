package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.FakeJdbc;
import io.conntrack.tracking.Tracker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log lines and text dumps escape what the application names (thread names, messages, frames): none forges a line. */
class EscapedOutputTest {

    private static final String FORGED = "worker\n[conntrack] ERROR forged\r\u001b[2K\u2028x\u0085y\t\u009b31m";
    private static final String ESCAPED = "worker\\n[conntrack] ERROR forged\\r\\u001b[2K\\u2028x\\u0085y\\t\\u009b31m";

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
