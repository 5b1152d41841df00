package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.UnwritableScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump folder that cannot be written: one warning naming the folder and the fix, the dump on stderr,
 * the application unaffected, counting goes on, and the next trigger retries the folder.
 */
class UnwritableDumpDirIT {

    @TempDir
    Path tmp;

    @Test
    void aFileWhereTheFolderShouldBe() throws Exception {
        Path dir = tmp.resolve("dumps");
        Files.writeString(dir, "not a folder");
        ChildJvm.Result r = runFixingMidRun(dir, dir);
        assertOneWarningAndTheDumpOnStderr(r, dir);
        assertLaterDumpLandsInTheFolder(r, dir);
    }

    @Test
    void aFolderUnderAFile() throws Exception {
        Path blocker = tmp.resolve("blocker");
        Files.writeString(blocker, "a file");
        Path dir = blocker.resolve("dumps");
        ChildJvm.Result r = runFixingMidRun(dir, blocker);
        assertOneWarningAndTheDumpOnStderr(r, dir);
        assertLaterDumpLandsInTheFolder(r, dir);
    }

    /**
     * Permission bits do not stop root (tests and CI run as root), so when a 0555 folder is still
     * writable the folder is also made immutable ({@code chattr +i}), which stops root too. Where that
     * is unavailable the case is skipped: the write path is the one (a) and (b) cover.
     */
    @Test
    void aReadOnlyFolder() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = false;
        try {
            if (canCreateFileIn(dir)) {
                immutable = chattr("+i", dir) && !canCreateFileIn(dir);
                Assumptions.assumeTrue(immutable, "running as root and chattr +i is unavailable: a read-only folder "
                        + "cannot be simulated; the failing-write path is covered by the file-in-place cases");
            }
            ChildJvm.Result r = ChildJvm.main(UnwritableScenario.class).agentArgs("dumpDir=" + dir)
                    .args(dir.toString()).run().assertOk();
            assertOneWarningAndTheDumpOnStderr(r, dir);
            assertEquals(0, DumpFiles.names(dir).size(), "nothing was left in the folder");
        } finally {
            if (immutable) {
                chattr("-i", dir);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static ChildJvm.Result runFixingMidRun(Path dir, Path blocker) throws Exception {
        return ChildJvm.main(UnwritableScenario.class).agentArgs("dumpDir=" + dir + ",limit=1,dumpInterval=0ms")
                .args(dir.toString(), blocker.toString()).run().assertOk();
    }

    private static void assertOneWarningAndTheDumpOnStderr(ChildJvm.Result r, Path dir) throws IOException {
        assertEquals(1, r.stderr.split("cannot write the dump to ", -1).length - 1, r.toString());
        String warning = r.stderr.lines().filter(l -> l.contains("cannot write the dump to ")).findFirst().orElseThrow();
        assertTrue(warning.startsWith("[conntrack] WARN cannot write the dump to " + dir + " ("), warning);
        assertTrue(warning.contains("fix: make that folder writable by this user or set dumpDir= to one that is"), warning);
        assertTrue(r.stderr.contains("Trigger: onDemand: first\n"), "the dump on stderr\n" + r);
        assertTrue(r.stderr.contains(SourceLines.frame(UnwritableScenario.class, "main", "// HELD")), r.toString());

        assertEquals("null", TriggerDumpsIT.line(r, "FIRST-DUMP "), "ConnTrack.dump returns null");
        assertTrue(r.stdout.contains("APP step 1\n") && r.stdout.contains("APP step 2\n") && r.stdout.contains("APP done\n"),
                r.toString());
        JsonNode after = DumpFiles.callsite(r.snapshot(), SourceLines.frame(UnwritableScenario.class, "main", "// AFTER"));
        assertEquals(10, after.get("acquired").asLong(), "counting goes on");
        assertEquals(10, after.get("closed").asLong());
    }

    private static void assertLaterDumpLandsInTheFolder(ChildJvm.Result r, Path dir) throws IOException {
        Path later = Paths.get(TriggerDumpsIT.line(r, "LATER-DUMP "));
        assertEquals(dir, later.getParent());
        JsonNode dump = DumpFiles.read(later);
        assertEquals("limit", dump.get("trigger").get("type").asText());
        assertEquals(SourceLines.frame(UnwritableScenario.class, "main", "// OVER-LIMIT"), dump.get("trigger").get("callsite").asText());
        assertEquals(1, dump.get("agent").get("dumpWriteFailures").asLong());
        assertEquals(2, DumpFiles.names(dir).size(), DumpFiles.names(dir).toString());
    }

    private static boolean canCreateFileIn(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean chattr(String flag, Path dir) {
        try {
            Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
