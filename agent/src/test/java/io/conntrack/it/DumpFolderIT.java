package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.DumpFolderScenario;
import io.conntrack.testsupport.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump folder that is a symbolic link, a file, immutable, or on a full disk: the agent warns, puts the
 * dump on stderr, leaves no partial or temp file, writes nothing elsewhere, and the application runs on.
 * Tests run as root, which ignores permission bits, so "read-only" is made with {@code chattr +i} and
 * "full" with a 64 KiB tmpfs; each is skipped (not failed) where the machine does not allow it.
 */
class DumpFolderIT {

    @TempDir
    Path tmp;

    @Test
    void aFolderTheAgentCreatesIsOwnerOnlyAndSoAreItsDumps() throws Exception {
        Path dir = tmp.resolve("new/dumps");
        ChildJvm.Result r = run(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        List<Path> files = list(dir);
        assertEquals(4, files.size(), files + "\n" + r); // on-demand and exit, JSON and text each
        for (Path f : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), elsewhere);
        ChildJvm.Result r = run(link);
        assertRefused(r, "symbolic link");
        assertEquals(List.of(), list(elsewhere), "the agent wrote through the link");
    }

    @Test
    void aFileInThePlaceOfTheFolderIsLeftAlone() throws Exception {
        Path file = Files.writeString(tmp.resolve("dumps"), "not a folder");
        ChildJvm.Result r = run(file);
        assertRefused(r, "not a folder");
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void anImmutableFolderGetsAWarningAndNoFile() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("immutable"));
        Assumptions.assumeTrue(exec("chattr", "+i", dir.toString()) == 0, "chattr +i is not available here");
        try {
            ChildJvm.Result r = run(dir);
            assertRefused(r, "cannot write the dump");
            assertEquals(List.of(), list(dir));
        } finally {
            exec("chattr", "-i", dir.toString());
        }
    }

    @Test
    void aFullDiskLeavesNoPartialDumpAndTheNextTriggerSucceeds() throws Exception {
        Path mnt = Files.createDirectory(tmp.resolve("tiny"));
        Assumptions.assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", mnt.toString()) == 0,
                "cannot mount a tmpfs here");
        try {
            Path dir = Files.createDirectory(mnt.resolve("dumps"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path filler = mnt.resolve("filler");
            fillLeavingOnePage(filler, mnt.resolve("page"));
            ChildJvm.Result r = ChildJvm.main(DumpFolderScenario.class).agentArgs("dumpDir=" + dir)
                    .args(filler.toString()).run().assertOk();
            assertTrue(r.stdout.contains("APP ok true"), r.toString());
            List<String> dumps = r.stdout.lines().filter(l -> l.startsWith("DUMP ")).collect(Collectors.toList());
            assertEquals("DUMP null", dumps.get(0), "the first dump cannot fit\n" + r);
            assertTrue(r.stderr.contains("cannot write the dump"), r.stderr);
            assertFalse(dumps.get(1).endsWith("null"), "the dump after space was freed must be written\n" + r);
            assertNoPartialFiles(dir);
            assertEquals(4, list(dir).size(), "the second on-demand dump and the exit dump: " + list(dir));
        } finally {
            exec("umount", mnt.toString());
        }
    }

    private ChildJvm.Result run(Path dumpDir) throws Exception {
        ChildJvm.Result r = ChildJvm.main(DumpFolderScenario.class).agentArgs("dumpDir=" + dumpDir).run().assertOk();
        assertTrue(r.stdout.contains("APP ok true"), r.toString());
        return r;
    }

    private static void assertRefused(ChildJvm.Result r, String reason) {
        assertTrue(r.stdout.contains("DUMP null"), r.toString());
        List<String> warnings = r.stderr.lines().filter(l -> l.startsWith("[conntrack] WARN cannot write the dump"))
                .collect(Collectors.toList());
        assertEquals(2, warnings.size(), "one warning per dump (on-demand and exit)\n" + r.stderr);
        assertTrue(warnings.get(0).contains(reason), warnings.get(0));
        assertTrue(r.stderr.contains("FOLDER-HELD") || r.stderr.contains("DumpFolderScenario.main"),
                "the dump itself goes to stderr\n" + r.stderr);
    }

    /** Every JSON has its text twin and the other way round; no temp file is left. */
    private static void assertNoPartialFiles(Path dir) throws IOException {
        List<String> names = list(dir).stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        for (String n : names) {
            assertFalse(n.endsWith(".tmp"), "temp file left: " + names);
            String twin = n.endsWith(".json") ? n.replace(".json", ".txt") : n.replace(".txt", ".json");
            assertTrue(names.contains(twin), "half a dump: " + n + " without " + twin + " in " + names);
        }
    }

    /** Fills the file system, then frees one page, so a small file fits and the next does not. */
    private static void fillLeavingOnePage(Path filler, Path page) throws IOException {
        Files.write(page, new byte[4096]);
        byte[] block = new byte[1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // the disk is full
        }
        Files.delete(page);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    private static int exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
