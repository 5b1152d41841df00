package io.conntrack.cli;

import io.conntrack.text.Printable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar conntrack-agent.jar <command>}: finds JVMs on this machine, attaches the agent to a
 * running one, and reads its counters and dumps over the JVM's local JMX connector.
 */
public final class Main {

    static final String SELF = "java -jar " + jarName();

    static final String USAGE = "Usage: " + SELF + " <command> [arguments]\n"
            + "\n"
            + "Commands:\n"
            + "  list                      Java processes on this machine and whether ConnTrack runs in them\n"
            + "  attach <pid> [options]    load ConnTrack into a running JVM (options as for -javaagent)\n"
            + "  status <pid> [--top N]    totals, limits and top callsites of ConnTrack in that JVM\n"
            + "  dump <pid> [--format json|text] [--out FILE]\n"
            + "                            take a dump now and print it (or write it to FILE)\n"
            + "  report <dumps folder | dump files...> [--out FILE] [--format html|md]\n"
            + "                            the incident as one HTML page (chart, culprits, postmortem draft)\n"
            + "  version                   this tool's version\n"
            + "\n"
            + "'" + SELF + " <command> --help' explains one command.\n"
            + "Needs a full JDK (the jdk.attach module) and the same user as the target JVM (report needs neither).\n"
            + Exit.HELP;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        List<String> args = Arrays.asList(argv);
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? Exit.USAGE : Exit.OK;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            switch (command) {
                case "version":
                case "--version":
                    out.println("ConnTrack " + version());
                    return Exit.OK;
                case "list":
                    return run(command, rest, ListCommand.HELP, Collections.emptySet(), out, a -> ListCommand.run(a, out));
                case "attach":
                    return run(command, rest, AttachCommand.HELP, Collections.emptySet(), out, a -> AttachCommand.run(a, out));
                case "status":
                    return run(command, rest, StatusCommand.HELP, Set.of("--top"), out, a -> StatusCommand.run(a, out));
                case "report": {
                    Args a = Args.parse(command, rest, Set.of("--out", "--format"));
                    if (a.help) {
                        out.print(ReportCommand.HELP);
                        return Exit.OK;
                    }
                    return ReportCommand.run(a, out, err); // reads files: no attach API needed
                }
                case "dump":
                    return run(command, rest, DumpCommand.HELP, Set.of("--format", "--out"), out, a -> DumpCommand.run(a, out));
                default:
                    err.println("unknown command '" + command + "'");
                    err.print(USAGE);
                    return Exit.USAGE;
            }
        } catch (CliException e) {
            err.println("conntrack: " + e.getMessage());
            return e.exitCode;
        } catch (RuntimeException | LinkageError e) {
            err.println("conntrack: unexpected failure: " + Printable.escape(e));
            return Exit.FAILED;
        }
    }

    private interface Command {
        int run(Args args) throws CliException;
    }

    private static int run(String name, List<String> raw, String help, Set<String> valued, PrintStream out, Command c)
            throws CliException {
        Args a = Args.parse(name, raw, valued);
        if (a.help) {
            out.print(help);
            return Exit.OK;
        }
        requireAttachApi();
        return c.run(a);
    }

    private static void requireAttachApi() throws CliException {
        if (!ModuleLayer.boot().findModule("jdk.attach").isPresent()) {
            throw new CliException(Exit.ATTACH_REFUSED, "this Java runtime (" + System.getProperty("java.home")
                    + ") has no jdk.attach module; run this tool with a full JDK's java");
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** This jar's path, or null when not run from a jar. */
    static Path jarPath() {
        try {
            Path p = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? p.toAbsolutePath() : null;
        } catch (Exception | Error e) {
            return null;
        }
    }

    static String jarPathOrName() {
        Path p = jarPath();
        return p == null ? "conntrack-agent.jar" : p.toString();
    }

    private static String jarName() {
        Path p = jarPath();
        return p == null ? "conntrack-agent.jar" : p.getFileName().toString();
    }
}
