package io.conntrack.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** {@code dump <pid>}: a fresh dump of the agent in that JVM, printed or written to a file here. */
final class DumpCommand {

    static final String HELP = "Usage: " + Main.SELF + " dump <pid> [--format json|text] [--out FILE]\n"
            + "\n"
            + "Takes a dump in JVM <pid> now (trigger onDemand, 'requested through JMX') and prints it, JSON by\n"
            + "default, or writes it to FILE. The dump is built in the target's memory and sent over its local\n"
            + "JMX connector; the target writes no file for it. The format is described in docs/dump-format.md.\n"
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
            throw new CliException(Exit.USAGE, "dump: --format is json or text, not '" + format + "'");
        }
        String outFile = args.options.get("--out");
        String dump;
        try (TargetJvm target = TargetJvm.attach(pid); AgentClient agent = AgentClient.connect(target)) {
            dump = agent.invoke(format.equals("json") ? "dumpJson" : "dumpText");
        }
        if (outFile == null) {
            out.print(dump);
            if (!dump.endsWith("\n")) {
                out.println();
            }
            return Exit.OK;
        }
        Path file = Paths.get(outFile).toAbsolutePath();
        try {
            Files.write(file, dump.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException(Exit.FAILED, "cannot write " + file + ": " + e.getMessage(), e);
        }
        out.println("dump of " + pid + " written to " + file + " (" + dump.length() + " characters)");
        return Exit.OK;
    }
}
