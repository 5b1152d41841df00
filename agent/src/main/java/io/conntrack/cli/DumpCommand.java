package io.conntrack.cli;

import io.conntrack.text.Printable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/** {@code dump <pid>}: a fresh dump of the agent in that JVM, printed or written to a file here. */
final class DumpCommand {

    static final String HELP = "Usage: " + Main.SELF + " dump <pid> [--format json|text] [--out FILE]\n"
            + "\n"
            + "Takes a dump in JVM <pid> now (trigger onDemand, 'requested through JMX') and prints it, JSON by\n"
            + "default, or writes it to FILE. The dump is built in the target's memory and sent over its local\n"
            + "JMX connector; the target writes no file for it. FILE is written owner-only (0600), replacing\n"
            + "a file of that name; its folder must exist. The format is described in docs/dump-format.md.\n"
            + StatusCommand.CONNECTOR_NOTE
            + Exit.HELP;

    private DumpCommand() {
    }

    static int run(Args args, PrintStream out) throws CliException {
        if (args.positional.size() != 1) {
            throw new CliException(Exit.USAGE, "dump needs one pid (see dump --help)");
        }
        long pid = Args.pid("dump", args.positional.get(0));
        String format = args.options.getOrDefault("--format", "json");
        if (!format.equals("json") && !format.equals("text")) {
            throw new CliException(Exit.USAGE, "dump: --format is json or text, not '" + Printable.escape(format) + "'");
        }
        Path file = args.options.containsKey("--out") ? outFile(args.options.get("--out")) : null; // checked before attaching
        String dump;
        try (TargetJvm target = TargetJvm.attach(pid); AgentClient agent = AgentClient.connect(target)) {
            dump = agent.invoke(format.equals("json") ? "dumpJson" : "dumpText");
        }
        if (format.equals("text")) {
            dump = Printable.escapeLines(dump); // a no-op for this version's dumps; an older agent's may hold raw names
        }
        if (file == null) {
            out.print(dump);
            if (!dump.endsWith("\n")) {
                out.println();
            }
            return Exit.OK;
        }
        write(file, dump);
        out.println("dump of " + pid + " written to " + Printable.escape(file) + " (" + dump.length() + " characters)");
        return Exit.OK;
    }

    /** The {@code --out} file, or why it cannot be written: its folder must exist and be writable. */
    static Path outFile(String given) throws CliException {
        Path file;
        try {
            file = Paths.get(given).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new CliException(Exit.USAGE, "dump: --out '" + Printable.escape(given) + "' is not a file path ("
                    + Printable.escape(e.getReason()) + "); give a file name such as conntrack-dump.json");
        }
        String shown = "dump: cannot write --out " + Printable.escape(file);
        if (Files.isDirectory(file)) {
            throw new CliException(Exit.USAGE, shown + ": it is a folder; give a file name in it, e.g. --out "
                    + Printable.escape(file.resolve("conntrack-dump.json")));
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new CliException(Exit.FAILED, shown + ": the folder " + Printable.escape(folder) + " does not exist"
                    + (folder != null && Files.exists(folder) ? " (it is a file)" : "") + "; create it (mkdir -p "
                    + Printable.escape(folder) + ") or give a file in an existing folder");
        }
        if (!Files.isWritable(folder)) {
            throw new CliException(Exit.FAILED, shown + ": the folder " + Printable.escape(folder) + " is not writable by "
                    + Printable.escape(System.getProperty("user.name")) + "; give a file in a folder this user can write to");
        }
        return file;
    }

    /**
     * Writes {@code content} owner-only (0600, like the dumps ConnTrack writes itself): to a temp file
     * in the same folder, created 0600, then renamed over {@code file}; a reader never sees half a dump,
     * and an existing file (or link) named {@code file} is replaced, not written through.
     */
    static void write(Path file, String content) throws CliException {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.getParent(), ".conntrack-dump-", ".tmp"); // 0600 on POSIX
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
                    ? ((FileSystemException) e).getReason()
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileSystemException ? e.getClass().getSimpleName() : String.valueOf(e.getMessage());
            throw new CliException(Exit.FAILED, "dump: cannot write --out " + Printable.escape(file) + ": "
                    + Printable.escape(reason) + "; give a file in a folder this user can write to", e);
        }
    }
}
