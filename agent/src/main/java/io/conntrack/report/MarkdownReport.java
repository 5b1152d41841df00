package io.conntrack.report;

import io.conntrack.text.Printable;
import java.util.ArrayList;
import java.util.List;

/** The postmortem drafts as Markdown, to paste into a postmortem document; everything from the dumps escaped. */
final class MarkdownReport {

    private final StringBuilder b = new StringBuilder(8 * 1024);

    private MarkdownReport() {
    }

    static String render(List<Incident> incidents, List<String> problems, long generatedMillis) {
        MarkdownReport r = new MarkdownReport();
        for (int i = 0; i < incidents.size(); i++) {
            r.draft(incidents.get(i), i == 0);
        }
        r.b.append("---\n\n_Drafted by `java -jar conntrack-agent.jar report` on ").append(Escape.markdown(Times.dateTime(generatedMillis)))
                .append(" from ");
        int dumps = 0;
        for (Incident in : incidents) {
            dumps += in.dumps.size();
        }
        r.b.append(dumps).append(" ConnTrack dump").append(dumps == 1 ? "" : "s").append(" of ").append(incidents.size())
                .append(" JVM").append(incidents.size() == 1 ? "" : "s").append("; times are UTC._\n");
        for (String p : problems) {
            r.b.append("\n_Left out: ").append(Escape.markdown(p)).append("_\n");
        }
        return r.b.toString();
    }

    private void draft(Incident in, boolean first) {
        Postmortem pm = new Postmortem(in);
        b.append(first ? "# " : "\n# ").append(Escape.markdown("Postmortem: " + pm.title)).append("\n\n## Summary\n\n");
        list(pm.summary);
        b.append("\n## Timeline (UTC)\n\n");
        for (Postmortem.Event e : pm.timeline) {
            b.append("- **").append(Escape.markdown(Times.clock(e.atMillis))).append("** ").append(e.what.markdown()).append('\n');
        }
        b.append("\n## Root cause\n\n");
        list(pm.rootCause);
        DumpData.Site cause = in.rootCause();
        if (cause != null) {
            List<DumpData.Held> shown = new ArrayList<>(in.leakedAt(cause.callsite));
            shown.addAll(in.heldAt(cause.callsite));
            for (DumpData.Held h : shown) {
                if (!h.acquireStack.isEmpty()) {
                    b.append("\nWhere it acquired the connection (thread ").append(Escape.markdownCode(h.thread)).append("):\n\n");
                    fence(h.acquireStack);
                    break;
                }
            }
        }
        b.append("\n## Resolution\n\n");
        list(pm.resolution);
        b.append("\n## Prevention\n\n");
        list(pm.prevention);
        b.append('\n');
    }

    private void list(List<Prose> items) {
        for (Prose p : items) {
            b.append("- ").append(p.markdown()).append('\n');
        }
    }

    /** A fenced block longer than any run of backticks in it; each frame on its own line, escaped. */
    private void fence(List<String> frames) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < Math.min(HtmlReport.STACK_FRAMES, frames.size()); i++) {
            body.append("at ").append(Printable.escape(frames.get(i))).append('\n');
        }
        int longest = 2;
        int run = 0;
        for (int i = 0; i < body.length(); i++) {
            run = body.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String f = "`".repeat(longest + 1);
        b.append(f).append("text\n").append(body).append(f).append('\n');
    }
}
