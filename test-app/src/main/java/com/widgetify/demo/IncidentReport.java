package com.widgetify.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's {@code report} command run as a user runs it, in its own JVM: the demo's dumps become one
 * HTML page and the postmortem draft in Markdown.
 */
final class IncidentReport {

    private static final long TIMEOUT_SECONDS = 60;

    final Path page;
    final Path draft;

    private IncidentReport(Path page, Path draft) {
        this.page = page;
        this.draft = draft;
    }

    static IncidentReport write(Path agentJar, Path dumpDir, Path workDir) throws IOException, InterruptedException {
        Path page = workDir.resolve("incident.html");
        Path draft = workDir.resolve("incident.md");
        run(agentJar, dumpDir, page, "html");
        run(agentJar, dumpDir, draft, "md");
        return new IncidentReport(page, draft);
    }

    private static void run(Path agentJar, Path dumpDir, Path out, String format) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-jar", agentJar.toString(), "report", dumpDir.toString(), "--format", format,
                "--out", out.toString())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the report command did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("the report command failed (exit " + p.exitValue() + "): " + output);
        }
    }
}
