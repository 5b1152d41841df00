package io.conntrack.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The contract every parse must keep: a Config, or a ConfigException with one short line that names the problem. */
final class FuzzCheck {

    static final int MAX_MESSAGE = 600;
    static final long MAX_NANOS_PER_INPUT = 2_000_000_000L;

    interface Parse {
        Config run() throws ConfigException;
    }

    private FuzzCheck() {
    }

    /** Returns true when the input was accepted. */
    static boolean check(String what, Parse parse) {
        long start = System.nanoTime();
        boolean accepted;
        try {
            assertNotNull(parse.run(), what);
            accepted = true;
        } catch (ConfigException e) {
            String m = e.getMessage();
            assertNotNull(m, what);
            assertTrue(m.length() > 10 && m.length() <= MAX_MESSAGE, "message length " + m.length() + " for " + what + ": " + m);
            for (char c : m.toCharArray()) {
                if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == 0) {
                    fail("message is not one line (char " + (int) c + ") for " + what + ": " + m);
                }
            }
            assertTrue(m.matches("(?s).*(option|config|argument).*"), "message names no option or file: " + m);
            accepted = false;
        } catch (Throwable t) {
            throw new AssertionError("parse threw " + t + " for " + what, t);
        }
        long took = System.nanoTime() - start;
        assertTrue(took < MAX_NANOS_PER_INPUT, what + " took " + took / 1_000_000 + " ms");
        return accepted;
    }

    static String describe(String input) {
        String shown = input.length() > 120 ? input.substring(0, 120) + "...(" + input.length() + " chars)" : input;
        StringBuilder b = new StringBuilder("input \"");
        for (char c : shown.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append('"').toString();
    }
}
