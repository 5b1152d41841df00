package io.conntrack.cli;

import io.conntrack.config.ConfigException;
import io.conntrack.config.ConfigParser;
import io.conntrack.config.Values;
import io.conntrack.text.Printable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** {@code attach <pid> [options]}: loads this jar as an agent into a running JVM. */
final class AttachCommand {

    static final String HELP = "Usage: " + Main.SELF + " attach <pid> [key=value,key=value...]\n"
            + "\n"
            + "Loads ConnTrack into the running JVM <pid>. The options are those of -javaagent, for example\n"
            + "  " + Main.SELF + " attach 4242 limit=20,holdThreshold=30s,dumpDir=/tmp/conntrack\n"
            + "A relative dumpDir is resolved against the target JVM's working directory.\n"
            + "\n"
            + "Connections opened before the attach are not known to ConnTrack: their close is ignored, and\n"
            + "they are never counted or reported. Attaching twice does nothing the second time: ConnTrack reads\n"
            + "its options once, when it starts; a second attach shows the options in force and which of the\n"
            + "given ones were not applied (to change them, restart the JVM with -javaagent:...=options).\n"
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
                alreadyRunning(out, pid, target.displayName, Printable.escape(running),
                        before.getProperty(AgentClient.OPTIONS_PROPERTY), options, jar);
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

    /**
     * A second attach: the agent keeps the options it started with. Says which are in force and which
     * of those given now differ (not applied); "nothing to do" only when none does.
     */
    static void alreadyRunning(PrintStream out, long pid, String displayName, String version, String inForceLines, String options,
                               Path jar) {
        Map<String, String> inForce = new LinkedHashMap<>();
        if (inForceLines != null) {
            for (String line : inForceLines.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    inForce.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        String header = "ConnTrack " + version + " is already running in " + pid + " (" + displayName + ")";
        String notApplied = options.trim().isEmpty() ? null : notApplied(options, inForce);
        if (notApplied == null) {
            out.println(header + "; nothing to do.");
        } else {
            out.println(header + " and keeps the options it started with. The options given now were NOT applied: "
                    + notApplied + ".");
        }
        if (inForce.isEmpty()) {
            out.println("(That ConnTrack does not say which options it runs with: it is older than this tool.)");
        } else {
            StringBuilder b = new StringBuilder("Options in force:");
            int lineLength = b.length();
            for (Map.Entry<String, String> e : inForce.entrySet()) {
                String item = " " + Printable.escape(e.getKey() + "=" + e.getValue());
                if (lineLength + item.length() > 100) {
                    b.append("\n ");
                    lineLength = 1;
                }
                b.append(item);
                lineLength += item.length();
            }
            out.println(b);
        }
        if (notApplied != null) {
            out.println("ConnTrack reads its options once, when it starts. To change them, restart JVM " + pid
                    + " with -javaagent:" + jar + "=" + Printable.escape(options.trim()));
        }
    }

    /**
     * The given options that differ from those in force, as {@code key=given (in force: value)}, or
     * null when every given option is already in force.
     */
    private static String notApplied(String options, Map<String, String> inForce) {
        Map<String, String> requested;
        Set<String> keys;
        String config = null;
        try {
            keys = ConfigParser.keysOf(options);
            // a config file is read by the target, not here: compare the other options only
            StringBuilder rest = new StringBuilder();
            for (String part : options.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals("config")) {
                    config = part.substring(eq + 1).trim();
                } else {
                    rest.append(part).append(',');
                }
            }
            requested = ConfigParser.parse(rest.toString(), new Properties()).describe();
        } catch (ConfigException e) {
            return Printable.escape(options.trim()) + " (they are not valid either: " + e.getMessage() + ")";
        }
        List<String> differ = new ArrayList<>();
        if (config != null) {
            differ.add("config=" + Values.printable(config) + " (a config file is read only when ConnTrack starts)");
        }
        for (String key : keys) {
            String want = requested.get(key);
            String have = inForce.get(key);
            if (want != null && !want.equals(have)) {
                differ.add(Printable.escape(key + "=" + want) + " (in force: " + (have != null ? Printable.escape(have) : inForce.isEmpty() ? "unknown" : "unset") + ")");
            }
        }
        return differ.isEmpty() ? null : String.join(", ", differ);
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
