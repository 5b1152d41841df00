package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetify.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code demo.sh --no-agent}: the same outage, and nothing that explains it. */
class WidgetifyWithoutAgentIT {

    @Test
    void theSameOutageWithNoExplanation() throws Exception {
        Path workDir = Path.of(System.getProperty("widgetify.workDir", "target/it")).resolve("without-agent");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new TeeStream(text, System.out), true, StandardCharsets.UTF_8);
        DemoResult run = new DemoRunner(new DemoOptions(null, 15_000, workDir.toAbsolutePath(),
                System.getProperty("java.class.path")), both).run();
        String story = text.toString(StandardCharsets.UTF_8);

        assertTrue(run.load.hadOutage(), "no 503 in the run");
        assertTrue(run.serviceStderr.stream().noneMatch(l -> l.text.startsWith("[conntrack]")), "the agent is not there");
        assertTrue(run.dumps.isEmpty());
        assertNull(run.quiescentDump);
        assertTrue(run.findings.isEmpty());
        assertFalse(run.healthAfter.has("conntrack"));
        JsonObject pool = run.healthAfter.object("pool");
        assertTrue(pool.number("active", 0) > 0, "the leaked connections are still counted active, with no load");
        assertTrue(story.contains("No ConnTrack warning"), story);
        assertFalse(story.contains("LEAK"), story);
        assertEquals(-1, story.indexOf("conntrack-"), "no dump mentioned");
    }
}
