package io.conntrack.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.conntrack.text.Printable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code list}: the JVMs the attach API sees, and the ConnTrack version running in each. */
final class ListCommand {

    static final String HELP = "Usage: " + Main.SELF + " list\n"
            + "\n"
            + "Lists the Java processes this user can see on this machine: pid, whether ConnTrack runs in it\n"
            + "(its version, '-' when not, '?' when the JVM did not answer) and the main class with arguments.\n"
            + "Reads each JVM's system properties through the attach API; changes nothing.\n"
            + Exit.HELP;

    private ListCommand() {
    }

    static int run(Args args, PrintStream out) throws CliException {
        if (!args.positional.isEmpty()) {
            throw new CliException(Exit.USAGE, "list takes no arguments (see list --help)");
        }
        long self = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> vms = new ArrayList<>(VirtualMachine.list());
        vms.sort(Comparator.comparingLong(d -> parsePid(d.id())));
        out.printf("%-8s %-16s %s%n", "PID", "CONNTRACK", "MAIN CLASS");
        for (VirtualMachineDescriptor d : vms) {
            if (parsePid(d.id()) == self) {
                continue;
            }
            out.printf("%-8s %-16s %s%n", Printable.escape(d.id()), Printable.escape(conntrackVersion(d)),
                    d.displayName().isEmpty() ? "?" : Printable.escape(d.displayName()));
        }
        return Exit.OK;
    }

    private static String conntrackVersion(VirtualMachineDescriptor d) {
        VirtualMachine vm = null;
        try {
            vm = VirtualMachine.attach(d);
            String v = vm.getSystemProperties().getProperty(AgentClient.VERSION_PROPERTY);
            return v == null ? "-" : v;
        } catch (Exception e) {
            return "?";
        } finally {
            if (vm != null) {
                try {
                    vm.detach();
                } catch (Exception ignored) {
                    // gone
                }
            }
        }
    }

    private static long parsePid(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
