package io.conntrack.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.conntrack.text.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.Properties;

/**
 * One attached JVM, with every attach failure turned into a plain sentence and an exit code. Never
 * attaches to a process it cannot show is a JVM: the attach handshake signals the process (SIGQUIT),
 * which would kill most other programs.
 */
final class TargetJvm implements AutoCloseable {

    final long pid;
    final String displayName;
    private final VirtualMachine vm;

    private TargetJvm(long pid, String displayName, VirtualMachine vm) {
        this.pid = pid;
        this.displayName = Printable.escape(displayName); // the target's command line: printed by every command
        this.vm = vm;
    }

    static TargetJvm attach(long pid) throws CliException {
        if (pid == ProcessHandle.current().pid()) {
            throw new CliException(Exit.USAGE, "pid " + pid + " is this tool itself");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (!process.isPresent()) {
            throw new CliException(Exit.NO_JVM, "no process with pid " + pid + " on this machine "
                    + "(or it runs in another container or PID namespace)");
        }
        String name = listedName(pid);
        if (name == null) {
            Boolean jvm = mapsShowJvm(pid);
            if (jvm == null) {
                throw notVisible(pid, process.get());
            }
            if (!jvm) {
                throw new CliException(Exit.NO_JVM, "process " + pid + " (" + Printable.escape(command(process.get()))
                        + ") is not a Java VM");
            }
            name = command(process.get());
        }
        try {
            return new TargetJvm(pid, name, VirtualMachine.attach(Long.toString(pid)));
        } catch (AttachNotSupportedException | IOException | SecurityException e) {
            throw attachFailed(pid, process.get(), e);
        }
    }

    /** The JVM's display name (main class and arguments) if the attach API lists it, else null. */
    private static String listedName(long pid) {
        String id = Long.toString(pid);
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(id)) {
                return d.displayName().isEmpty() ? "?" : d.displayName();
            }
        }
        return null;
    }

    /** Linux: whether the process has libjvm mapped; null when this user may not look (another user's process). */
    private static Boolean mapsShowJvm(long pid) {
        Path maps = Paths.get("/proc", Long.toString(pid), "maps");
        if (!Files.exists(Paths.get("/proc/self/maps"))) {
            return Boolean.FALSE; // not Linux: a JVM the attach API does not list cannot be attached anyway
        }
        try {
            return new String(Files.readAllBytes(maps), StandardCharsets.ISO_8859_1).contains("/libjvm.");
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** A process the attach API does not list and whose memory map this user may not read. */
    private static CliException notVisible(long pid, ProcessHandle p) {
        return notVisible(pid, Printable.escape(command(p)), p.info().user().orElse(null), System.getProperty("user.name"));
    }

    /**
     * Why {@code me} cannot tell whether process {@code pid} is a JVM: it belongs to another user (run
     * as that user), or, when it runs as this user or this tool runs as root (who would gain nothing
     * from "run as that user" about itself), its attach files are out of sight.
     */
    static CliException notVisible(long pid, String command, String owner, String me) {
        if (owner != null && !owner.equals(me)) {
            return otherUser(pid, owner, me, "root".equals(me)
                    ? " (as root this tool does not see it as a Java VM either: the attach API does not list it and /proc/"
                    + pid + "/maps is not readable; if it runs in another container or PID namespace, run the tool there)"
                    : "", null);
        }
        return new CliException(Exit.ATTACH_REFUSED, "cannot attach to process " + pid + " (" + command + "): it runs as "
                + (owner == null ? "a user this tool cannot identify" : owner + " like this tool")
                + ", but its attach listener is out of reach: the attach API does not list it (no /tmp/hsperfdata_" + "<user>/"
                + pid + " visible here) and /proc/" + pid + "/maps is not readable. It may run in another container or PID "
                + "namespace (run the tool inside it, e.g. with docker exec or kubectl exec), or with -XX:-UsePerfData and "
                + "without CAP_SYS_PTRACE for this tool", null);
    }

    private static CliException otherUser(long pid, String owner, String me, String more, Exception cause) {
        return new CliException(Exit.ATTACH_REFUSED, "cannot attach to process " + pid + ": it belongs to " + owner
                + " and this tool runs as " + me + more + ". Run the command as that user, for example: sudo -u " + owner
                + " " + Main.SELF + " ...", cause);
    }

    private static CliException attachFailed(long pid, ProcessHandle p, Exception e) {
        return attachFailed(pid, p.info().user().orElse(null), System.getProperty("user.name"), e);
    }

    /** The attach request to {@code pid} (run by {@code owner}, null if unknown) failed as {@code me}, with {@code e}. */
    static CliException attachFailed(long pid, String owner, String me, Exception e) {
        String why = Printable.escape(String.valueOf(e.getMessage()));
        if (owner != null && !owner.equals(me) && !"root".equals(me)) {
            return otherUser(pid, owner, me, "", e);
        }
        if (why.contains("not secure") || why.contains("Permission denied") || why.contains("owned by")) {
            String fix = owner != null && !owner.equals(me)
                    ? "Run this tool as " + owner + ", the user that runs the JVM: sudo -u " + owner + " " + Main.SELF + " ..."
                    : "This tool runs as " + me + (owner == null ? "" : ", as does the JVM") + "; the JVM's attach files (/tmp/.java_pid"
                    + pid + " in its file system) have another owner or permissions: the JVM may run in another container or"
                    + " user namespace, where its attach listener is out of reach from here";
            return new CliException(Exit.ATTACH_REFUSED, "attach to " + pid + " refused: " + why + ". " + fix + ".", e);
        }
        return new CliException(Exit.ATTACH_REFUSED, "the JVM " + pid + " did not accept the attach request (" + why
                + "). It may run with -XX:+DisableAttachMechanism, in another container, or be too busy to answer.", e);
    }

    private static String command(ProcessHandle p) {
        return p.info().command().orElse("unknown command");
    }

    Properties systemProperties() throws CliException {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw new CliException(Exit.FAILED, "cannot read the system properties of " + pid + ": "
                    + Printable.escape(e.getMessage()), e);
        }
    }

    /** Loads the agent jar into the JVM; returns normally once agentmain returned. */
    void loadAgent(Path jar, String options) throws CliException {
        try {
            vm.loadAgent(jar.toString(), options);
        } catch (AgentLoadException e) {
            String why = String.valueOf(e.getMessage());
            if (why.toLowerCase().contains("dynamic")) {
                throw new CliException(Exit.ATTACH_REFUSED, "JVM " + pid + " does not allow loading agents into a "
                        + "running JVM (" + why + "). Restart it with -XX:+EnableDynamicAgentLoading, or with "
                        + "-javaagent:" + jar, e);
            }
            throw new CliException(Exit.ATTACH_REFUSED, "JVM " + pid + " could not load " + jar + ": " + why
                    + ". The JVM reads the jar itself: it must see the same path and be allowed to read it.", e);
        } catch (AgentInitializationException e) {
            throw new CliException(Exit.FAILED, "the agent failed to start in " + pid + " (" + e.getMessage()
                    + "); see that JVM's stderr", e);
        } catch (IOException e) {
            throw new CliException(Exit.FAILED, "loading the agent into " + pid + " failed: " + e.getMessage(), e);
        }
    }

    /** Address of the JVM's local JMX connector, started on first use; reachable only from this machine by its user. */
    String localJmxAddress() throws CliException {
        try {
            return vm.startLocalManagementAgent();
        } catch (IOException | RuntimeException e) {
            throw new CliException(Exit.FAILED, "cannot start the local JMX connector in " + pid + ": " + e.getMessage()
                    + " (the JVM may lack the jdk.management.agent module)", e);
        }
    }

    @Override
    public void close() {
        try {
            vm.detach();
        } catch (IOException ignored) {
            // the target went away; nothing to release
        }
    }
}
