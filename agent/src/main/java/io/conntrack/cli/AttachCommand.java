package io.conntrack.cli;

import io.conntrack.reporting.Printable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Properties;

/** {@code attach <pid> [options]}: loads this jar as an agent into a running JVM. */
final class AttachCommand {

    static final String HELP = "Usage: " + Main.SELF + " attach <pid> [key=value,key=value...]\n"
            + "\n"
            + "Loads ConnTrack into the running JVM <pid>. The options are those of -javaagent, for example\n"
            + "  " + Main.SELF + " attach 4242 limit=20,holdThreshold=30s,dumpDir=/tmp/conntrack\n"
            + "A relative dumpDir is resolved against the target JVM's working directory.\n"
            + "\n"
            + "Connections opened before the attach are not known to ConnTrack: their close is ignored, and\n"
            + "they are never counted or reported. Attaching twice does nothing the second time.\n"
            + "On JDK 21 and later the target JVM prints a warning that an agent was loaded dynamically;\n"
            + "start it with -XX:+EnableDynamicAgentLoading to allow this without the warning (a future JDK\n"
            + "may refuse without that flag), or with -javaagent to track from the first connection.\n"
            + Exit.HELP;

    private AttachCommand() {
    }

    static int run(Args args, PrintStream out) throws CliException {
        if (args.positional.isEmpty() || args.positional.size() > 2) {
            throw new CliException(Exit.USAGE, "attach needs a pid and at most one options argument (see attach --help)");
        }
        long pid = Args.pid("attach", args.positional.get(0));
        String options = args.positional.size() == 2 ? args.positional.get(1) : "";
        Path jar = Main.jarPath();
        if (jar == null) {
            throw new CliException(Exit.FAILED, "attach must run from the agent jar (java -jar conntrack-agent.jar attach ...)");
        }
        try (TargetJvm target = TargetJvm.attach(pid)) {
            Properties before = target.systemProperties();
            String running = before.getProperty(AgentClient.VERSION_PROPERTY);
            if (running != null) {
                out.println("ConnTrack " + running + " is already running in " + pid + " (" + target.displayName
                        + "); nothing to do.");
                return Exit.OK;
            }
            target.loadAgent(jar, options);
            Properties after = target.systemProperties();
            String version = after.getProperty(AgentClient.VERSION_PROPERTY);
            if (version == null) {
                String why = after.getProperty(AgentClient.ERROR_PROPERTY);
                throw new CliException(why != null && why.startsWith("disabled") ? Exit.NOT_LOADED : Exit.FAILED,
                        "ConnTrack did not start in " + pid + ": "
                        + (why != null ? Printable.escape(why) : "see that JVM's stderr for a [conntrack] line"));
            }
            out.println("ConnTrack " + Printable.escape(version) + " attached to " + pid + " (" + target.displayName + ").");
            out.println("Connections opened before now are not known to ConnTrack; it tracks those opened from now on.");
            if (javaFeature(after) >= 21) {
                out.println("Note: JVM " + pid + " runs Java " + Printable.escape(after.getProperty("java.specification.version"))
                        + ", which prints a warning about a dynamically loaded agent to its stderr unless it was started with"
                        + " -XX:+EnableDynamicAgentLoading. The warning is expected and harmless;"
                        + " -javaagent at startup avoids it and tracks every connection.");
            }
            out.println("Next: " + Main.SELF + " status " + pid);
            return Exit.OK;
        }
    }

    private static int javaFeature(Properties p) {
        String v = p.getProperty("java.specification.version", "0");
        try {
            return v.startsWith("1.") ? 8 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
