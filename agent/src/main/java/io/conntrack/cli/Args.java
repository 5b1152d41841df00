package io.conntrack.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command's arguments: positionals and {@code --name value} options, checked against what the command accepts. */
final class Args {

    final List<String> positional = new ArrayList<>();
    final Map<String, String> options = new LinkedHashMap<>();
    final boolean help;

    private Args(boolean help) {
        this.help = help;
    }

    /** @param valued options that take a value, like {@code --format} */
    static Args parse(String command, List<String> raw, Set<String> valued) throws CliException {
        boolean help = raw.contains("--help") || raw.contains("-h");
        Args a = new Args(help);
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i);
            if (s.equals("--help") || s.equals("-h")) {
                continue;
            }
            if (s.startsWith("--")) {
                String name = s;
                String value = null;
                int eq = s.indexOf('=');
                if (eq > 0) {
                    name = s.substring(0, eq);
                    value = s.substring(eq + 1);
                }
                if (!valued.contains(name)) {
                    throw new CliException(Exit.USAGE, command + ": unknown option " + name + " (see " + command + " --help)");
                }
                if (value == null) {
                    if (i + 1 >= raw.size()) {
                        throw new CliException(Exit.USAGE, command + ": " + name + " needs a value");
                    }
                    value = raw.get(++i);
                }
                a.options.put(name, value);
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    static long pid(String command, String s) throws CliException {
        try {
            long pid = Long.parseLong(s);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // explained below
        }
        throw new CliException(Exit.USAGE, command + ": '" + s + "' is not a process id (a positive number; "
                + "'list' shows the Java processes)");
    }
}
