package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.LogbackScenario;
import io.conntrack.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The agent leaves the application's logging alone during premain and uses it only once configured. */
class AppLoggingIT {

    private static final String CONFIG = "<configuration>\n"
            + "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
            + "    <encoder><pattern>APPLOG %level %logger - %msg%n</pattern></encoder>\n"
            + "  </appender>\n"
            + "  <root level=\"INFO\"><appender-ref ref=\"OUT\"/></root>\n"
            + "</configuration>\n";

    @Test
    void logbackConfiguredByTheAppAfterStartIsUsedAndNotLoadedBeforeMain() throws Exception {
        Path dir = Files.createTempDirectory("conntrack-logback");
        Path config = Files.writeString(dir.resolve("app-logback.xml"), CONFIG);
        ChildJvm.Result r = ChildJvm.main(LogbackScenario.class).workDir(dir).jvmArg("-verbose:class")
                .args(config.toString()).run().assertOk();
        List<String> out = r.stdout.lines().collect(Collectors.toList());

        int mainStarted = out.indexOf("MAIN-STARTED");
        int agentLoaded = firstIndex(out, "io.conntrack.AgentMain ");
        int loggingLoaded = Math.min(firstIndex(out, " org.slf4j."), firstIndex(out, " ch.qos.logback."));
        assertTrue(mainStarted >= 0 && agentLoaded >= 0, "no class-load trace or no main\n" + r.stderr);
        assertTrue(agentLoaded < mainStarted, "premain ran before main");
        assertTrue(loggingLoaded > mainStarted, "a logging class was loaded before main started: "
                + (loggingLoaded == Integer.MAX_VALUE ? "none" : out.get(loggingLoaded)));

        assertTrue(out.contains("APPLOG INFO com.acme.app - hello from the app"), "the application's own pattern is used\n" + r);
        // The on-demand dump's warning goes through the application's configured logging.
        assertEquals(1, out.stream().filter(l -> l.startsWith("APPLOG WARN conntrack - ConnTrack onDemand: logging check")).count(),
                r.toString());
        assertTrue(r.stderr.lines().noneMatch(l -> l.contains("[conntrack] ERROR")), r.stderr);
    }

    private static int firstIndex(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }
}
