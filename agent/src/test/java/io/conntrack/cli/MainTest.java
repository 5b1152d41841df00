package io.conntrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument handling, help and exit codes of the CLI, run in this JVM. */
class MainTest {

    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void withoutArgumentsPrintsUsageAndExits2() {
        assertEquals(2, run());
        assertTrue(err.contains("Commands:") && err.contains("Exit codes:"), err);
    }

    @Test
    void helpForEachCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.contains("attach <pid> [options]"), out);
        for (String command : new String[] {"list", "attach", "status", "dump"}) {
            assertEquals(0, run(command, "--help"), command);
            assertTrue(out.startsWith("Usage: java -jar conntrack-agent.jar " + command), out);
            assertTrue(out.contains("Exit codes: 0 done"), out);
        }
        assertTrue(run("attach", "-h") == 0 && out.contains("Connections opened before the attach are not known"), out);
        for (String command : new String[] {"status", "dump"}) {
            run(command, "--help");
            assertTrue(out.contains("status and dump read through the JVM's local JMX connector, which the JDK starts in that JVM on\n"
                    + "first use and which stays listening") && out.contains(") until the JVM exits."), out);
        }
    }

    @Test
    void badArgumentsExit2WithAReason() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.contains("unknown command 'frobnicate'"), err);
        assertEquals(2, run("status"));
        assertTrue(err.contains("status needs one pid"), err);
        assertEquals(2, run("status", "abc"));
        assertTrue(err.contains("'abc' is not a process id"), err);
        assertEquals(2, run("status", "-5"));
        assertEquals(2, run("status", "1", "--top", "0"));
        assertTrue(err.contains("--top needs a positive number"), err);
        assertEquals(2, run("dump", "1", "--format", "xml"));
        assertTrue(err.contains("--format is json or text, not 'xml'"), err);
        assertEquals(2, run("dump", "1", "--bogus"));
        assertTrue(err.contains("unknown option --bogus"), err);
        assertEquals(2, run("dump", "1", "--out"));
        assertTrue(err.contains("--out needs a value"), err);
        assertEquals(2, run("list", "extra"));
        assertEquals(2, run("attach"));
    }

    @Test
    void optionsTakeEqualsOrASeparateValue() throws CliException {
        Args a = Args.parse("dump", java.util.Arrays.asList("42", "--format=text", "--out", "f.txt"),
                java.util.Set.of("--format", "--out"));
        assertEquals(java.util.List.of("42"), a.positional);
        assertEquals("text", a.options.get("--format"));
        assertEquals("f.txt", a.options.get("--out"));
    }

    @Test
    void aPidWithoutProcessExits3() {
        assertEquals(3, run("status", "2147483000"));
        assertTrue(err.contains("no process with pid 2147483000"), err);
    }

    @Test
    void ownPidIsRefused() {
        assertEquals(2, run("status", Long.toString(ProcessHandle.current().pid())));
        assertTrue(err.contains("is this tool itself"), err);
    }

    @Test
    void dumpOutSaysWhyItCannotWriteBeforeAttaching(@TempDir Path dir) {
        // checked before the target is touched: the pid need not exist
        assertEquals(1, run("dump", "2147483000", "--out", dir.resolve("missing/sub/d.json").toString()));
        assertTrue(err.contains("cannot write --out " + dir.resolve("missing/sub/d.json") + ": the folder "
                + dir.resolve("missing/sub") + " does not exist; create it (mkdir -p " + dir.resolve("missing/sub") + ")"), err);
        assertEquals(2, run("dump", "2147483000", "--out", dir.toString()));
        assertTrue(err.contains(": it is a folder; give a file name in it, e.g. --out " + dir.resolve("conntrack-dump.json")), err);
        assertEquals(3, run("dump", "2147483000", "--out", dir.resolve("d.json").toString()));
        assertTrue(err.contains("no process with pid 2147483000"), err);
    }

    @Test
    void dumpOutIsWrittenOwnerOnlyReplacingTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("d.txt"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OutputFile.write("dump", file, "new dump");
        assertEquals("new dump", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp file left");
        }
    }

    @Test
    void rootIsNeverToldToRunAsRoot() {
        String same = TargetJvm.notVisible(42, "/usr/bin/java", "root", "root").getMessage();
        assertFalse(same.contains("sudo") || same.contains("Run the command as that user"), same);
        assertTrue(same.contains("it runs as root like this tool, but its attach listener is out of reach"), same);
        assertTrue(same.contains("another container or PID namespace"), same);
        String unknown = TargetJvm.notVisible(42, "/usr/bin/java", null, "root").getMessage();
        assertFalse(unknown.contains("sudo"), unknown);
        String other = TargetJvm.notVisible(42, "/usr/bin/java", "app", "root").getMessage();
        assertTrue(other.contains("it belongs to app and this tool runs as root") && other.contains("sudo -u app"), other);
        assertTrue(other.contains("if it runs in another container or PID namespace, run the tool there"), other);
        String nobody = TargetJvm.notVisible(42, "/usr/bin/java", "root", "nobody").getMessage();
        assertTrue(nobody.contains("it belongs to root and this tool runs as nobody. Run the command as that user"), nobody);

        String refused = TargetJvm.attachFailed(42, "root", "root",
                new java.io.IOException("file should be owned by the current user (which is 0) but is owned by 1000")).getMessage();
        assertFalse(refused.contains("Run this tool as the user that runs the JVM") || refused.contains("sudo"), refused);
        assertTrue(refused.contains("This tool runs as root, as does the JVM"), refused);
        String asOwner = TargetJvm.attachFailed(42, "app", "root", new java.io.IOException("Permission denied")).getMessage();
        assertTrue(asOwner.contains("Run this tool as app, the user that runs the JVM: sudo -u app"), asOwner);
    }

    @Test
    void aSecondAttachSaysWhichOptionsAreInForce() {
        String inForce = "enabled=true\nlimit=50\nholdThreshold=30s\ndumpDir=/var/dumps\n";
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(o, true, StandardCharsets.UTF_8);
        AttachCommand.alreadyRunning(p, 42, "com.acme.App", "1.0", inForce, "limit=5,holdThreshold=30s,maxDumps=3",
                Path.of("/opt/conntrack-agent.jar"));
        String said = o.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("ConnTrack 1.0 is already running in 42 (com.acme.App) and keeps the options it started with. "
                + "The options given now were NOT applied: limit=5 (in force: 50), maxDumps=3 (in force: unset).\n"), said);
        assertTrue(said.contains("\nOptions in force: enabled=true limit=50 holdThreshold=30s dumpDir=/var/dumps\n"), said);
        assertTrue(said.contains("restart JVM 42 with -javaagent:/opt/conntrack-agent.jar=limit=5,holdThreshold=30s,maxDumps=3"), said);

        o.reset();
        AttachCommand.alreadyRunning(p, 42, "com.acme.App", "1.0", inForce, "holdThreshold=30000ms", Path.of("/a.jar"));
        said = o.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("ConnTrack 1.0 is already running in 42 (com.acme.App); nothing to do.\n"), said);
        assertFalse(said.contains("NOT applied"), said);

        o.reset();
        AttachCommand.alreadyRunning(p, 42, "com.acme.App", "1.0", inForce, "limit=lots", Path.of("/a.jar"));
        said = o.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("NOT applied: limit=lots (they are not valid either: agent argument: invalid value 'lots'"), said);
    }

    @Test
    void versionWithoutAJarIsDev() {
        assertEquals(0, run("version"));
        assertEquals("ConnTrack dev", out.trim());
    }

    @Test
    void durationsReadLikeTheConfiguration() {
        assertEquals("1m", StatusCommand.millis(60_000));
        assertEquals("30s", StatusCommand.millis(30_000));
        assertEquals("1.5s", StatusCommand.millis(1_500));
        assertEquals("12ms", StatusCommand.millis(12.4));
        assertEquals("0.25ms", StatusCommand.millis(0.25));
        assertEquals("0ms", StatusCommand.millis(0));
    }
}
