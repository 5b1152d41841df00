package io.conntrack.cli;

import io.conntrack.report.IncidentReport;
import io.conntrack.text.Printable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

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
        Path file = outFile(args.options.getOrDefault("--out", format.equals("md") ? "incident.md" : "incident.html"));
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
        write(file, r.document);
        out.println("incident report written to " + Printable.escape(file) + " (" + r.dumps + " dump" + (r.dumps == 1 ? "" : "s")
                + " of " + r.jvms + " JVM" + (r.jvms == 1 ? "" : "s") + (r.problems.isEmpty() ? "" : ", " + r.problems.size()
                + " file" + (r.problems.size() == 1 ? "" : "s") + " left out") + ")");
        return Exit.OK;
    }

    /** The {@code --out} file, checked before the dumps are read: its folder must exist and be writable. */
    static Path outFile(String given) throws CliException {
        Path file;
        try {
            file = Paths.get(given).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new CliException(Exit.USAGE, "report: --out '" + Printable.escape(given) + "' is not a file path ("
                    + Printable.escape(e.getReason()) + "); give a file name such as incident.html");
        }
        String shown = "report: cannot write --out " + Printable.escape(file);
        if (Files.isDirectory(file)) {
            throw new CliException(Exit.USAGE, shown + ": it is a folder; give a file name in it, e.g. --out "
                    + Printable.escape(file.resolve("incident.html")));
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new CliException(Exit.FAILED, shown + ": the folder " + Printable.escape(folder) + " does not exist; create it"
                    + " (mkdir -p " + Printable.escape(folder) + ") or give a file in an existing folder");
        }
        if (!Files.isWritable(folder)) {
            throw new CliException(Exit.FAILED, shown + ": the folder " + Printable.escape(folder) + " is not writable by "
                    + Printable.escape(System.getProperty("user.name")) + "; give a file in a folder this user can write to");
        }
        return file;
    }

    /** Owner-only (0600): a temp file created 0600 in the same folder, renamed over {@code file}. */
    private static void write(Path file, String content) throws CliException {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.getParent(), ".conntrack-report-", ".tmp"); // 0600 on POSIX
            Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // reported below
                }
            }
            String reason = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
                    ? ((FileSystemException) e).getReason() : String.valueOf(e.getMessage());
            throw new CliException(Exit.FAILED, "report: cannot write --out " + Printable.escape(file) + ": "
                    + Printable.escape(reason) + "; give a file in a folder this user can write to", e);
        }
    }
}
