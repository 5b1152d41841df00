package io.conntrack.report;

import io.conntrack.text.Printable;

/** Escaping of text from dumps (names, frames, messages the application controls) for HTML and Markdown. */
final class Escape {

    private Escape() {
    }

    /** Text and attribute values: control and bidirectional characters as {@code \}{@code uXXXX}, then {@code & < > " '} as references. */
    static String html(String s) {
        String p = Printable.escape(s);
        StringBuilder b = null;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            String r = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : c == '\'' ? "&#39;" : null;
            if (r != null && b == null) {
                b = new StringBuilder(p.length() + 16).append(p, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? p : b.toString();
    }

    /** Markdown text: nothing in it becomes markup, a link, an image or raw HTML. */
    static String markdown(String s) {
        String p = Printable.escape(s);
        StringBuilder b = new StringBuilder(p.length() + 16);
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~': case '#': case '!':
                    b.append('\\').append(c);
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }

    /** A Markdown code span: a fence of backticks longer than any run inside, so the content stays literal. */
    static String markdownCode(String s) {
        String p = Printable.escape(s);
        int longest = 0;
        int run = 0;
        for (int i = 0; i < p.length(); i++) {
            run = p.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = p.startsWith("`") || p.endsWith("`") || p.isEmpty() ? " " : "";
        return fence + pad + p + pad + fence;
    }
}
