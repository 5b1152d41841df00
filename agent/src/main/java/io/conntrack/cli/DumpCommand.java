package io.conntrack.cli;

import io.conntrack.text.Printable;
import java.io.PrintStream;
import java.nio.file.Path;

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
        Path file = args.options.containsKey("--out") ? OutputFile.check("dump", args.options.get("--out"), "conntrack-dump.json") : null; // checked before attaching
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
        OutputFile.write("dump", file, dump);
        out.println("dump of " + pid + " written to " + Printable.escape(file) + " (" + dump.length() + " characters)");
        return Exit.OK;
    }
}
