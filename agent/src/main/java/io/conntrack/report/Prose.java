package io.conntrack.report;

import java.util.ArrayList;
import java.util.List;

/** A sentence of plain text and code (lines, rule names), rendered escaped as HTML or Markdown. */
final class Prose {

    private final List<String> parts = new ArrayList<>();
    private final List<Boolean> code = new ArrayList<>();

    Prose text(String s) {
        parts.add(s);
        code.add(false);
        return this;
    }

    Prose code(String s) {
        parts.add(s);
        code.add(true);
        return this;
    }

    String html() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            b.append(code.get(i) ? "<code>" + Escape.html(parts.get(i)) + "</code>" : Escape.html(parts.get(i)));
        }
        return b.toString();
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            b.append(code.get(i) ? Escape.markdownCode(parts.get(i)) : Escape.markdown(parts.get(i)));
        }
        return b.toString();
    }

    /** The text alone, unescaped (for tests and titles that get escaped where they are used). */
    String plain() {
        return String.join("", parts);
    }
}
