package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.acme.cli.LoopApp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.testsupport.ChildJvm.CliRun;
import io.conntrack.testsupport.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar conntrack-agent.jar ...} as its own process against child JVMs started without the agent. */
class CliIT {

    @TempDir
    Path dir;

    @Test
    void attachThenStatusAndDumpARunningJvm() throws Exception {
        try (ChildJvm.Running app = ChildJvm.start("cli-loop", Collections.emptyList(), LoopApp.class, "2")) {
            app.awaitStdout("READY", Duration.ofSeconds(60));
            String pid = Long.toString(app.pid());

            CliRun status = ChildJvm.cli("status", pid);
            assertEquals(5, status.exitCode, status.toString());
            assertTrue(status.stderr.contains("ConnTrack is not running in JVM " + pid + " (" + LoopApp.class.getName()), status.toString());
            assertTrue(status.stderr.contains("attach " + pid), status.toString());
            assertEquals(5, ChildJvm.cli("dump", pid).exitCode);

            CliRun bad = ChildJvm.cli("attach", pid, "limit=many");
            assertEquals(1, bad.exitCode, bad.toString());
            assertTrue(bad.stderr.contains("ConnTrack did not start in " + pid + ": ") && bad.stderr.contains("limit"), bad.toString());

            CliRun attach = ChildJvm.cli("attach", pid, "limit=50,dumpOnExit=false,dumpDir=" + dir.resolve("dumps"));
            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stdout.contains("attached to " + pid), attach.toString());
            assertTrue(attach.stdout.contains("Connections opened before now are not known"), attach.toString());
            app.await(() -> app.stderr().contains("[conntrack] tracking JDBC connections (limit=50"), Duration.ofSeconds(10),
                    "the agent's start line");
            if (ChildJvm.javaFeature() >= 21) {
                assertTrue(attach.stdout.contains("-XX:+EnableDynamicAgentLoading"), attach.toString());
                assertTrue(app.stderr().contains("WARNING: A Java agent has been loaded dynamically"), app.output());
            }

            CliRun again = ChildJvm.cli("attach", pid);
            assertEquals(0, again.exitCode, again.toString());
            assertTrue(again.stdout.contains("is already running in " + pid + " (" + LoopApp.class.getName() + " 2); nothing to do"),
                    again.toString());
            assertTrue(again.stdout.contains("\nOptions in force: enabled=true limit=50 totalLimit=0 holdThreshold=1m"), again.toString());
            assertTrue(again.stdout.contains(" dumpDir=" + dir.resolve("dumps") + " dumpOnExit=false"), again.toString());
            // other options the second time: not applied, and the CLI says so
            CliRun other = ChildJvm.cli("attach", pid, "limit=7,dumpOnExit=false");
            assertEquals(0, other.exitCode, other.toString());
            assertTrue(other.stdout.contains("is already running in " + pid + " (" + LoopApp.class.getName()
                    + " 2) and keeps the options it started with. The options given now were NOT applied: limit=7 (in force: 50)."),
                    other.toString());
            assertFalse(other.stdout.contains("nothing to do") || other.stdout.contains("dumpOnExit=false (in force"), other.toString());
            assertTrue(other.stdout.contains("Options in force: enabled=true limit=50 "), other.toString());
            assertTrue(other.stdout.contains("To change them, restart JVM " + pid + " with -javaagent:" + ChildJvm.agentJar()
                    + "=limit=7,dumpOnExit=false"), other.toString());
            assertEquals(1, count(app.stderr(), "[conntrack] tracking JDBC connections"), app.output());

            CliRun st = ChildJvm.cli("status", pid, "--top", "5");
            assertEquals(0, st.exitCode, st.toString());
            assertTrue(st.stdout.contains("limit 50 per callsite, totalLimit off, holdThreshold 1m"), st.stdout);
            // The two connections LoopApp keeps were opened before the attach: unknown. At most the one
            // it churns is open.
            assertTrue(number(st.stdout, "application\\s+(\\d+)") <= 1, st.stdout);
            assertFalse(st.stdout.contains("LoopApp.keepOpen"), st.stdout);
            assertTrue(number(st.stdout, "\\d+\\s+\\d+\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+\\S+\\s+com\\.acme\\.cli\\.LoopApp\\.churn\\(LoopApp\\.java:\\d+\\)") > 0,
                    st.stdout);

            CliRun json = ChildJvm.cli("dump", pid);
            assertEquals(0, json.exitCode, json.toString());
            JsonNode dump = new ObjectMapper().readTree(json.stdout);
            assertEquals("conntrack-dump/3", dump.get("format").asText());
            assertEquals("onDemand", dump.at("/trigger/type").asText());
            assertEquals(app.pid(), dump.get("pid").asLong());
            assertTrue(dump.get("callsites").toString().contains("com.acme.cli.LoopApp.churn(LoopApp.java:"), json.stdout);
            assertFalse(Files.exists(dir.resolve("dumps")), "dump over JMX wrote a file in the target");

            Path text = dir.resolve("dump.txt");
            CliRun txt = ChildJvm.cli("dump", pid, "--format", "text", "--out", text.toString());
            assertEquals(0, txt.exitCode, txt.toString());
            assertTrue(txt.stdout.contains("written to " + text), txt.toString());
            String written = new String(Files.readAllBytes(text), StandardCharsets.UTF_8);
            assertTrue(written.startsWith("ConnTrack dump ") && written.contains("Trigger: onDemand: requested through JMX"), written);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(text)), "owner-only, like every dump");
            // an existing file is replaced by an owner-only one, not written through
            Path shared = Files.writeString(dir.resolve("shared.json"), "old");
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
            CliRun over = ChildJvm.cli("dump", pid, "--out", shared.toString());
            assertEquals(0, over.exitCode, over.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
            assertTrue(Files.readString(shared).startsWith("{"), "the JSON dump replaced the old content");
            CliRun missing = ChildJvm.cli("dump", pid, "--out", dir.resolve("missing/dir/f.json").toString());
            assertEquals(1, missing.exitCode, missing.toString());
            assertTrue(missing.stderr.contains("cannot write --out " + dir.resolve("missing/dir/f.json") + ": the folder "
                    + dir.resolve("missing/dir") + " does not exist; create it"), missing.toString());

            CliRun list = ChildJvm.cli("list");
            assertEquals(0, list.exitCode, list.toString());
            assertTrue(Pattern.compile("(?m)^" + pid + "\\s+\\d+\\.\\d+\\S*\\s+" + Pattern.quote(LoopApp.class.getName()))
                    .matcher(list.stdout).find(), list.stdout);
        }
    }

    @Test
    void namesFromTheTargetCannotForgeLines() throws Exception {
        String forged = "x\n[conntrack] ERROR forged by an argument\u001b[31m\r";
        try (ChildJvm.Running app = ChildJvm.start("cli-forged", Collections.emptyList(), LoopApp.class, "1", forged)) {
            app.awaitStdout("READY", Duration.ofSeconds(60));
            String pid = Long.toString(app.pid());
            CliRun list = ChildJvm.cli("list");
            CliRun status = ChildJvm.cli("status", pid);
            CliRun attach = ChildJvm.cli("attach", pid, "dumpOnExit=false");
            CliRun dump = ChildJvm.cli("dump", pid, "--format", "text");
            for (CliRun r : new CliRun[] {list, status, attach, dump}) {
                for (String line : (r.stdout + "\n" + r.stderr).split("\n")) {
                    assertFalse(line.startsWith("[conntrack] ERROR"), "forged line: " + line + "\n" + r);
                    for (char c : line.toCharArray()) {
                        assertTrue(c >= 0x20 && c != 0x7f, "raw control U+" + Integer.toHexString(c) + " in " + line);
                    }
                }
            }
            String shown = LoopApp.class.getName() + " 1 x\\n[conntrack] ERROR forged by an argument\\u001b[31m\\r";
            assertTrue(list.stdout.contains(shown), list.toString());
            assertTrue(status.stderr.contains("(" + shown + ")"), status.toString());
            assertTrue(attach.stdout.contains("(" + shown + ")"), attach.toString());
            assertEquals(0, dump.exitCode, dump.toString());
        }
    }

    @Test
    void explainsWhatItCannotDo() throws Exception {
        CliRun none = ChildJvm.cli("status", "2147483000");
        assertEquals(3, none.exitCode, none.toString());
        assertTrue(none.stderr.contains("no process with pid 2147483000"), none.toString());

        CliRun notPid = ChildJvm.cli("dump", "abc");
        assertEquals(2, notPid.exitCode, notPid.toString());
        assertTrue(notPid.stderr.contains("'abc' is not a process id"), notPid.toString());

        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            CliRun notJava = ChildJvm.cli("attach", Long.toString(sleep.pid()));
            assertEquals(3, notJava.exitCode, notJava.toString());
            assertTrue(notJava.stderr.contains("is not a Java VM"), notJava.toString());
            assertTrue(sleep.isAlive(), "the CLI must not signal a process that is not a JVM");
        } finally {
            sleep.destroy();
            sleep.waitFor(5, TimeUnit.SECONDS);
        }

        CliRun unknown = ChildJvm.cli("frobnicate");
        assertEquals(2, unknown.exitCode);
        assertTrue(unknown.stderr.contains("unknown command 'frobnicate'") && unknown.stderr.contains("Commands:"), unknown.toString());
        CliRun badFormat = ChildJvm.cli("dump", "1", "--format", "xml");
        assertEquals(2, badFormat.exitCode);
        for (String command : new String[] {"list", "attach", "status", "dump"}) {
            CliRun help = ChildJvm.cli(command, "--help");
            assertEquals(0, help.exitCode, help.toString());
            assertTrue(help.stdout.startsWith("Usage: java -jar conntrack-agent.jar " + command) && help.stdout.contains("Exit codes:"),
                    help.toString());
        }
    }

    @Test
    void jvmsThatRefuseAttachExit4() throws Exception {
        try (ChildJvm.Running closed = ChildJvm.start("cli-no-attach", Collections.singletonList("-XX:+DisableAttachMechanism"),
                LoopApp.class, "1")) {
            closed.awaitStdout("READY", Duration.ofSeconds(60));
            CliRun r = ChildJvm.cli("attach", Long.toString(closed.pid()));
            assertEquals(4, r.exitCode, r.toString());
            assertTrue(r.stderr.contains("did not accept the attach request") && r.stderr.contains("-XX:+DisableAttachMechanism"),
                    r.toString());
        }
        if (ChildJvm.javaFeature() >= 21) {
            try (ChildJvm.Running strict = ChildJvm.start("cli-no-dynamic", Collections.singletonList("-XX:-EnableDynamicAgentLoading"),
                    LoopApp.class, "1")) {
                strict.awaitStdout("READY", Duration.ofSeconds(60));
                CliRun r = ChildJvm.cli("attach", Long.toString(strict.pid()));
                assertEquals(4, r.exitCode, r.toString());
                assertTrue(r.stderr.contains("does not allow loading agents into a running JVM")
                        && r.stderr.contains("Restart it with -XX:+EnableDynamicAgentLoading"), r.toString());
            }
        }
    }

    @Test
    void anotherUsersJvmIsRefusedInPlainWords() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to run the CLI as another user");
        try (ChildJvm.Running app = ChildJvm.start("cli-other-user", Collections.emptyList(), LoopApp.class, "1")) {
            app.awaitStdout("READY", Duration.ofSeconds(60));
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    ChildJvm.java(), "-jar", ChildJvm.agentJar().toString(), "status", Long.toString(app.pid()))
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "CLI as nobody did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(4, p.exitValue(), out);
            assertTrue(out.contains("it belongs to root and this tool runs as nobody"), out);
        }
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in\n" + text);
        return Long.parseLong(m.group(1));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
