package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.tracking.Tracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpWriterTest {

    @TempDir
    Path tmp;
    private Dump dump;
    private String base;

    @BeforeEach
    void oneDump() throws Exception {
        Tracker t = TestDumps.tracker("");
        dump = TestDumps.onDemand(t, "test");
        base = "conntrack-" + dump.pid + "-" + java.time.LocalDateTime.ofInstant(Instant.ofEpochMilli(dump.timeMillis),
                java.time.ZoneId.systemDefault()).format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-onDemand";
    }

    @Test
    void writesBothFilesOwnerOnlyAndLeavesNoTempFile() throws Exception {
        Path dir = tmp.resolve("a/b");
        Path json = new DumpWriter(dir, 5).write(dump, "{\"x\":1}", "text\n");

        assertEquals(dir.resolve(base + ".json"), json);
        assertEquals(List.of(base + ".json", base + ".txt"), names(dir), "no .tmp file is left behind");
        assertEquals("{\"x\":1}", Files.readString(json));
        assertEquals("text\n", Files.readString(dir.resolve(base + ".txt"), StandardCharsets.UTF_8));
        assertEquals("rw-------", perms(json));
        assertEquals("rw-------", perms(dir.resolve(base + ".txt")));
        assertEquals("rwx------", perms(dir));
        assertEquals("rwx------", perms(dir.getParent()));
    }

    @Test
    void aSecondDumpInTheSameSecondGetsASuffix() throws Exception {
        DumpWriter w = new DumpWriter(tmp, 10);
        assertEquals(tmp.resolve(base + ".json"), w.write(dump, "1", "1"));
        assertEquals(tmp.resolve(base + "-1.json"), w.write(dump, "2", "2"));
        assertEquals(tmp.resolve(base + "-2.json"), w.write(dump, "3", "3"));
        assertEquals("3", Files.readString(tmp.resolve(base + "-2.txt")));
        assertEquals("1", Files.readString(tmp.resolve(base + ".json")), "nothing is overwritten");
        assertEquals(6, names(tmp).size(), names(tmp).toString());
    }

    @Test
    void pruneKeepsTheNewestAndTouchesNoOtherFile() throws Exception {
        Files.writeString(tmp.resolve("notes.json"), "mine");
        Files.writeString(tmp.resolve("conntrack.properties"), "mine");
        DumpWriter w = new DumpWriter(tmp, 2);
        Path first = w.write(dump, "1", "1");
        age(first, 30);
        Path second = w.write(dump, "2", "2");
        age(second, 20);
        Path third = w.write(dump, "3", "3");

        assertEquals(List.of("conntrack.properties", second.getFileName().toString(), third.getFileName().toString(),
                "notes.json", txt(second), txt(third)).stream().sorted().collect(Collectors.toList()), names(tmp));
    }

    /**
     * File times can tie (file systems with coarse or 1-second times, several dumps within one tick):
     * then the name must still order the dumps of one second as written: base, base-1, base-2, ...
     */
    @Test
    void pruneKeepsTheNewestWhenFileTimesTie() throws Exception {
        DumpWriter w = new DumpWriter(tmp, 2);
        Path first = w.write(dump, "1", "1");
        Path second = w.write(dump, "2", "2");
        FileTime same = FileTime.from(Instant.now().minusSeconds(5));
        for (Path p : List.of(first, second)) {
            Files.setLastModifiedTime(p, same);
        }
        Path third = w.write(dump, "3", "3");

        assertEquals(List.of(second.getFileName().toString(), third.getFileName().toString(), txt(second), txt(third))
                .stream().sorted().collect(Collectors.toList()), names(tmp), "the first dump is the one to go");
    }

    @Test
    void refusesAFileOrASymbolicLinkAsTheFolder() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        IOException e = assertThrows(IOException.class, () -> new DumpWriter(file, 2).write(dump, "1", "1"));
        assertTrue(e.getMessage().contains("exists and is not a folder"), e.getMessage());
        Path link = Files.createSymbolicLink(tmp.resolve("link"), Files.createDirectory(tmp.resolve("real")));
        e = assertThrows(IOException.class, () -> new DumpWriter(link, 2).write(dump, "1", "1"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals(List.of(), names(tmp.resolve("real")));
    }

    private static void age(Path json, long seconds) throws IOException {
        FileTime t = FileTime.from(Instant.now().minusSeconds(seconds));
        Files.setLastModifiedTime(json, t);
        Files.setLastModifiedTime(json.resolveSibling(txt(json)), t);
    }

    private static String txt(Path json) {
        return json.getFileName().toString().replace(".json", ".txt");
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
