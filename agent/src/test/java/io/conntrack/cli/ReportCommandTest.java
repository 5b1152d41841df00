package io.conntrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report}, run in this JVM: inputs good and bad, the file it writes. */
class ReportCommandTest {

    @TempDir
    Path dir;
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

    private Path demoDump(Path folder, String name) throws Exception {
        Files.createDirectories(folder);
        Path f = folder.resolve(name);
        Files.write(f, getClass().getResourceAsStream("/io/conntrack/report/sample-dump.json").readAllBytes());
        return f;
    }

    @Test
    void aFolderOfDumpsBecomesAnOwnerOnlyPage() throws Exception {
        Path dumps = dir.resolve("conntrack");
        demoDump(dumps, "conntrack-8637-20261206-203021-exit.json");
        Files.writeString(dumps.resolve("conntrack-8637-20261206-203021-exit.txt"), "ConnTrack dump ...");
        Files.writeString(dumps.resolve("notes.json"), "{}"); // not named like a dump: not read
        Path page = dir.resolve("incident.html");
        assertEquals(0, run("report", dumps.toString(), "--out", page.toString()), err);
        assertEquals("incident report written to " + page + " (1 dump of 1 JVM)\n", out);
        assertEquals("", err);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("WidgetReportHandler.java:31"), html);

        Path md = dir.resolve("draft.md");
        assertEquals(0, run("report", dumps.toString(), "--format", "md", "--out", md.toString()), err);
        assertTrue(Files.readString(md).startsWith("# Postmortem: Pool 'widgetify' ran out of connections on vm (pid 8637)\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(md)));
    }

    @Test
    void badInputsAreNamedWithTheFixAndTheOthersAreUsed() throws Exception {
        Path good = demoDump(dir, "conntrack-1.json");
        Path text = dir.resolve("conntrack-1.txt");
        Files.writeString(text, "ConnTrack dump 2026-12-06T20:30:21Z  pid 8637 on vm");
        Path other = dir.resolve("package.json");
        Files.writeString(other, "{\"name\": \"x\"}");
        Path broken = dir.resolve("conntrack-2.json");
        Files.writeString(broken, "{\"format\": \"conntrack-dump/3\", ");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path page = dir.resolve("out.html");
        assertEquals(0, run("report", good.toString(), text.toString(), other.toString(), broken.toString(), empty.toString(),
                dir.resolve("missing").toString(), "--out", page.toString()), err);
        assertTrue(out.contains("(1 dump of 1 JVM, 5 files left out)"), out);
        assertTrue(err.contains("conntrack: left out " + text + " is not a ConnTrack dump (not JSON: expected a value, found 'C' at line 1,"
                + " column 1); it looks like a text dump: give the .json file beside it"), err);
        assertTrue(err.contains("left out " + other + " is JSON but not a ConnTrack dump (it has no \"format\" field); give the .json files"
                + " ConnTrack writes (conntrack-<pid>-<time>-<trigger>.json): skipped"), err);
        assertTrue(err.contains("left out " + broken + " is not a ConnTrack dump (not JSON: expected a member name in double quotes, found"
                + " the end of the file at line 1, column 32)"), err);
        assertTrue(err.contains("left out " + empty + " has no dump (conntrack-*.json): give the agent's dumpDir"), err);
        assertTrue(err.contains("left out " + dir.resolve("missing") + ": no such file or folder; give the dumps folder"), err);
        String html = Files.readString(page);
        assertTrue(html.contains("Files left out:") && html.contains("package.json is JSON but not a ConnTrack dump"), "the page says so too");
    }

    @Test
    void nothingUsableWritesNothingAndSaysWhatToGive() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("conntrack"));
        Files.writeString(empty.resolve("conntrack-1-x.txt"), "text");
        Path page = dir.resolve("incident.html");
        assertEquals(1, run("report", empty.toString(), "--out", page.toString()));
        assertTrue(err.contains("conntrack: " + empty + " has no dump (conntrack-*.json), only text dumps (.txt): the report reads the"
                + " .json file written beside each\n"), err);
        assertTrue(err.endsWith("conntrack: report: no dump to report, so nothing was written; give the folder ConnTrack writes its"
                + " dumps to (dumpDir, ./conntrack by default) or its conntrack-*.json files\n"), err);
        assertFalse(Files.exists(page));
    }

    @Test
    void argumentsAreChecked() throws Exception {
        assertEquals(2, run("report"));
        assertTrue(err.contains("report needs a dumps folder or dump files"), err);
        assertEquals(2, run("report", "x", "--format", "pdf"));
        assertTrue(err.contains("report: --format is html or md, not 'pdf'"), err);
        assertEquals(2, run("report", "x", "--out", dir.toString()));
        assertTrue(err.contains("it is a folder; give a file name in it"), err);
        assertEquals(1, run("report", "x", "--out", dir.resolve("no/such/f.html").toString()));
        assertTrue(err.contains("does not exist; create it"), err);
        assertEquals(0, run("report", "--help"));
        assertTrue(out.startsWith("Usage: java -jar conntrack-agent.jar report <dumps folder | dump files...>"), out);
        assertEquals(0, run("--help"));
        assertTrue(out.contains("  report <dumps folder | dump files...> [--out FILE] [--format html|md]"), out);
    }

    @Test
    void anUnreadableDumpIsNamed() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files whatever their permissions");
        Path good = demoDump(dir, "conntrack-1.json");
        Path locked = demoDump(dir, "conntrack-2.json");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assertEquals(0, run("report", dir.toString(), "--out", dir.resolve("r.html").toString()), err);
        assertTrue(err.contains("cannot read " + locked + " (permission denied): dump files are owner-only (0600); run the report as the"
                + " user that wrote them"), err);
        assertTrue(out.contains("1 dump of 1 JVM"), out + good);
    }
}
