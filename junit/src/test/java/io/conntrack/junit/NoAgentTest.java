package io.conntrack.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without the agent, the extension says so, with the line to add: in a child JVM without -javaagent. */
class NoAgentTest {

    @TempDir
    Path dir;

    private static String classPath(boolean withAgentJar) {
        String agentJar = Paths.get(System.getProperty("conntrack.agent.jar")).toAbsolutePath().normalize().toString();
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !Paths.get(e).toAbsolutePath().normalize().toString().equals(agentJar))
                .collect(Collectors.toList());
        if (withAgentJar) {
            entries.add(agentJar);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Runs LeakingSample in a child JVM; returns stdout followed by stderr. */
    private String child(boolean agentJarOnClassPath, String... parameters) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(Arrays.asList(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(agentJarOnClassPath), NoAgentProbe.class.getName()));
        command.addAll(Arrays.asList(parameters));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        String text = new String(Files.readAllBytes(out), StandardCharsets.UTF_8) + new String(Files.readAllBytes(err), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void everyTestFailsByDefaultSayingWhichLineToAdd() throws Exception {
        String text = child(false);
        assertTrue(text.contains("RESULT closes FAILED org.junit.jupiter.api.extension.ExtensionConfigurationException: "
                + "ConnTrack leak check: the ConnTrack agent is not running in this JVM (io.conntrack.ConnTrack is not on its "
                + "class path), so connection leaks cannot be checked. Start the test JVM with "
                + "-javaagent:/path/to/conntrack-agent.jar (Maven Surefire/Failsafe <argLine>, Gradle test { jvmArgs }; "
                + "see docs/testing.md). To run the tests without the check, set conntrack.junit.noAgent=warn"), text);
        assertTrue(text.contains("RESULT leaks FAILED "), text);
    }

    @Test
    void theAgentJarOnTheClassPathIsNotTheAgentRunning() throws Exception {
        String text = child(true);
        assertTrue(text.contains("RESULT closes FAILED org.junit.jupiter.api.extension.ExtensionConfigurationException: "
                + "ConnTrack leak check: the ConnTrack agent is not running in this JVM: io.conntrack.ConnTrack is on the class "
                + "path, but the agent was not started with -javaagent"), text);
    }

    @Test
    void warnModeRunsTheTestsAndWarnsOnce() throws Exception {
        String text = child(false, "conntrack.junit.noAgent", "warn");
        assertTrue(text.contains("RESULT closes SUCCESSFUL"), text);
        assertTrue(text.contains("RESULT leaks SUCCESSFUL"), text);
        String warning = "[conntrack-junit] WARN ConnTrack leak check: the ConnTrack agent is not running in this JVM";
        assertEquals(2, text.split(java.util.regex.Pattern.quote(warning), -1).length - 1,
                "once on stderr, once as a report entry: " + text);
        assertTrue(text.contains("Leak checks are OFF in this JVM (conntrack.junit.noAgent=warn;"), text);
    }

    @Test
    void enabledFalseIsSilent() throws Exception {
        String text = child(false, "conntrack.junit.enabled", "false");
        assertTrue(text.contains("RESULT leaks SUCCESSFUL"), text);
        assertTrue(!text.contains("conntrack-junit"), text);
    }
}
