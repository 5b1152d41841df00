package io.conntrack.report;

import java.util.List;

/** {@code report}: dump files in, one page (or Markdown draft) out, with the files that could not be used. */
public final class IncidentReport {

    /** What was made: the document, how many dumps of how many JVMs, and each input problem in one line. */
    public static final class Result {
        public final String document;
        public final int dumps;
        public final int jvms;
        public final List<String> problems;

        Result(String document, int dumps, int jvms, List<String> problems) {
            this.document = document;
            this.dumps = dumps;
            this.jvms = jvms;
            this.problems = problems;
        }
    }

    /** Why no report was made (no usable dump), with each input problem. */
    public static final class NothingToReport extends Exception {
        public final List<String> problems;

        NothingToReport(List<String> problems) {
            super("no dump to report");
            this.problems = problems;
        }
    }

    private IncidentReport() {
    }

    /** @param markdown the postmortem draft as Markdown instead of the HTML page */
    public static Result make(List<String> inputs, boolean markdown, long nowMillis) throws NothingToReport {
        DumpInputs in = DumpInputs.read(inputs);
        if (in.dumps.isEmpty()) {
            throw new NothingToReport(in.problems);
        }
        List<Incident> incidents = Incident.group(in.dumps);
        String doc = markdown ? MarkdownReport.render(incidents, in.problems, nowMillis)
                : HtmlReport.render(incidents, in.problems, nowMillis);
        return new Result(doc, in.dumps.size(), incidents.size(), in.problems);
    }
}
