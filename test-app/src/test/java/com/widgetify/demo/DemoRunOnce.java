package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo, shortened, run once per test JVM with the packaged agent and shared by the tests that read
 * it (the outage checks, the report in a browser): about 25 s each saved.
 */
final class DemoRunOnce {

    static final long LOAD_MILLIS = 15_000;
    private static DemoRunOnce run;

    final DemoResult result;
    /** What the demo printed. */
    final String story;

    private DemoRunOnce(DemoResult result, String story) {
        this.result = result;
        this.story = story;
    }

    static synchronized DemoRunOnce withAgent() throws Exception {
        if (run == null) {
            Path agent = Path.of(System.getProperty("conntrack.agent.jar", "../agent/target/conntrack-agent.jar"));
            assertTrue(Files.isRegularFile(agent), "no agent jar at " + agent + ": build the whole project (mvn verify)");
            Path workDir = Path.of(System.getProperty("widgetify.workDir", "target/it")).resolve("with-agent");
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PrintStream both = new PrintStream(new TeeStream(text, System.out), true, StandardCharsets.UTF_8);
            DemoResult r = new DemoRunner(new DemoOptions(agent.toAbsolutePath().normalize(), LOAD_MILLIS, workDir.toAbsolutePath(),
                    System.getProperty("java.class.path")), both).run();
            run = new DemoRunOnce(r, text.toString(StandardCharsets.UTF_8));
        }
        return run;
    }
}
