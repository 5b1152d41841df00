package io.conntrack.cli;

import io.conntrack.report.IncidentReport;
import io.conntrack.text.Printable;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code report <dumps folder | dump files...>}: the incident as one HTML page, or its postmortem draft as Markdown. */
final class ReportCommand {

    static final String HELP = "Usage: " + Main.SELF + " report <dumps folder | dump files...> [--out FILE] [--format html|md]\n"
            + "\n"
            + "Reads ConnTrack dumps (a folder's conntrack-*.json files, or the files given) and writes one\n"
            + "self-contained HTML page (no script from outside, no network; opens from file:// and prints): each\n"
            + "pool over time (in use, lost, max, failed acquisitions) with ConnTrack's warnings and the first\n"
            + "failed acquisition marked, the culprit lines with their stacks, the forecast and the advice, and a\n"
            + "postmortem draft. --format md writes the draft alone as Markdown. Dumps of one JVM (same pid, host\n"
            + "and start) make one timeline; several JVMs get a section each, the worst first. Files that are not\n"
            + "dumps are left out with a line saying why. FILE (default incident.html, or incident.md) is written\n"
            + "owner-only (0600), replacing a file of that name. Needs no running JVM.\n"
            + Exit.HELP;

    private ReportCommand() {
    }

    static int run(Args args, PrintStream out, PrintStream err) throws CliException {
        if (args.positional.isEmpty()) {
            throw new CliException(Exit.USAGE, "report needs a dumps folder or dump files, e.g. report ./conntrack (see report --help)");
        }
        String format = args.options.getOrDefault("--format", "html");
        if (!format.equals("html") && !format.equals("md")) {
            throw new CliException(Exit.USAGE, "report: --format is html or md, not '" + Printable.escape(format) + "'");
        }
        String example = format.equals("md") ? "incident.md" : "incident.html";
        Path file = OutputFile.check("report", args.options.getOrDefault("--out", example), example);
        IncidentReport.Result r;
        try {
            r = IncidentReport.make(args.positional, format.equals("md"), System.currentTimeMillis());
        } catch (IncidentReport.NothingToReport e) {
            for (String p : e.problems) {
                err.println("conntrack: " + p);
            }
            throw new CliException(Exit.FAILED, "report: no dump to report, so nothing was written; give the folder ConnTrack"
                    + " writes its dumps to (dumpDir, ./conntrack by default) or its conntrack-*.json files");
        }
        for (String p : r.problems) {
            err.println("conntrack: left out " + p);
        }
        OutputFile.write("report", file, r.document);
        out.println("incident report written to " + Printable.escape(file) + " (" + r.dumps + " dump" + (r.dumps == 1 ? "" : "s")
                + " of " + r.jvms + " JVM" + (r.jvms == 1 ? "" : "s") + (r.problems.isEmpty() ? "" : ", " + r.problems.size()
                + " file" + (r.problems.size() == 1 ? "" : "s") + " left out") + ")");
        return Exit.OK;
    }
}
