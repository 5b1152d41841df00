package io.conntrack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything in a dump is the application's or a user's to choose: none of it becomes markup in the report. */
class HostileTextTest {

    private static final long START = 1_796_104_200_000L;
    /** Each field gets its own payload, so a miss names the field. */
    private static String evil(String field) {
        return field + "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'</svg></title><a href=\"https://evil.example/\">"
                + "&amp;\u202e\n[x](https://evil.example/)`code`";
    }

    private static final Set<String> OUR_TAGS = Set.of("html", "head", "meta", "title", "style", "body", "header", "h1", "h2",
            "h3", "h4", "h5", "p", "div", "ul", "ol", "li", "nav", "a", "section", "dl", "dt", "dd", "figure", "figcaption", "b",
            "svg", "g", "line", "text", "path", "rect", "span", "table", "thead", "tbody", "tr", "th", "td", "code", "details",
            "summary", "pre", "article", "script", "!doctype");

    @TempDir
    Path dir;

    @Test
    void hostileTextInEveryFieldIsEscapedInTheHtmlAndTheMarkdown() throws Exception {
        TestDumpFile d = new TestDumpFile(7, evil("host"), START, START + 30_000, "leak", evil("message")).totals(5, 2)
                .poolName(evil("pool")).advice(evil("advice")).forecast(evil("forecast"))
                .callsite(evil("callsite"), 2, evil("thread"), evil("holderFrame"), evil("acquireFrame"))
                .mark(START + 1000, "leak", evil("markCallsite"));
        ((ObjectNode) d.root).put("jvm", evil("jvm"));
        ((ObjectNode) d.root.get("trigger")).put("callsite", evil("triggerCallsite"));
        for (int s = 0; s < 10; s++) {
            d.sample(START + s * 1000L, 1, 2, s > 5 ? s : 0, false);
        }
        ObjectNode site = ((com.fasterxml.jackson.databind.node.ArrayNode) d.root.get("timeline").get("pools").get(0).get("callsites"))
                .addObject().put("callsite", evil("seriesSite"));
        com.fasterxml.jackson.databind.node.ArrayNode open = site.putArray("open");
        com.fasterxml.jackson.databind.node.ArrayNode leaked = site.putArray("leaked");
        for (int s = 0; s < 10; s++) {
            open.add(1);
            leaked.add(s);
        }
        Path file = d.write(dir, "conntrack-7-<b>name&amp;.json");
        Path notADump = dir.resolve("conntrack-evil.json");
        java.nio.file.Files.writeString(notADump, "<script>alert('file')</script>");

        IncidentReport.Result html = IncidentReport.make(List.of(file.toString(), notADump.toString()), false, START);
        String page = html.document;
        assertEquals(1, html.problems.size(), html.problems.toString());
        assertEquals(Set.of(), unexpectedTags(page), "only the report's own elements");
        assertEquals(1, count(page, "<script"), "the report's one script");
        Matcher tag = Pattern.compile("<[A-Za-z][^>]*>").matcher(page);
        while (tag.find()) {
            assertFalse(Pattern.compile("\\son[a-z]+=|\\ssrc=|javascript:").matcher(tag.group().replaceAll("\"[^\"]*\"", "\"\"")).find(),
                    "no attribute from a dump (values, quoted and escaped, aside): "
                    + tag.group());
        }
        Matcher href = Pattern.compile("<a [^>]*href=\"([^\"]*)\"").matcher(page);
        while (href.find()) {
            assertTrue(href.group(1).startsWith("#"), "links stay on the page: " + href.group(1));
        }
        for (String field : List.of("host", "message", "pool", "advice", "forecast", "callsite", "thread", "holderFrame", "acquireFrame",
                "markCallsite", "jvm")) {
            assertTrue(page.contains(field + "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;"),
                    field + " is shown, escaped");
        }
        assertTrue(page.contains("\\u202e"), "bidirectional controls are shown as escapes, not applied");
        assertTrue(page.contains("conntrack-7-&lt;b&gt;name&amp;amp;.json"), "file names too");

        String md = IncidentReport.make(List.of(file.toString()), true, START).document;
        // code spans and fenced blocks are literal in Markdown: what is outside them must hold no HTML
        String prose = md.replaceAll("(?s)(`{3,})text\n.*?\n\\1\n", "").replaceAll("(`+) .*? \\1|(`+)[^` ].*?(?<!`)\\2(?!`)", "");
        assertFalse(prose.contains("<"), "no raw HTML in the Markdown: " + prose);
        assertFalse(Pattern.compile("(?<!\\\\)\\[[^\\]]*(?<!\\\\)\\]\\(").matcher(prose).find(), "no link: " + prose);
        assertTrue(md.contains("pool&lt;script&gt;"), md);
    }

    private static Set<String> unexpectedTags(String html) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("<(/?)([!A-Za-z][A-Za-z0-9]*)").matcher(html);
        while (m.find()) {
            String tag = m.group(2).toLowerCase();
            if (!OUR_TAGS.contains(tag)) {
                out.add(tag);
            }
        }
        return out;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
