package io.conntrack.reporting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a dump as {@code conntrack-<pid>-<yyyyMMdd-HHmmss>-<trigger>.json} and {@code .txt} in
 * {@code dumpDir}: each to a temp file first, then renamed, so a reader never sees half a dump. Files
 * are owner-only (0600); a folder the agent creates is 0700. Keeps at most {@code maxDumps} dumps.
 */
public final class DumpWriter {

    /** Built on the first dump, not when the agent starts (java.time and regex cost start-up classes). */
    private static final class Formats {
        static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
        static final Pattern SUFFIX = Pattern.compile("(.*-[A-Za-z]+)(?:-(\\d{1,9}))?\\.json");
    }
    /** A dump name: the base up to the trigger id, then the optional collision suffix. */
    private final Path dir;
    private final int maxDumps;

    public DumpWriter(Path dir, int maxDumps) {
        this.dir = dir.toAbsolutePath().normalize();
        this.maxDumps = maxDumps;
    }

    public Path dir() {
        return dir;
    }

    /** Writes both files and returns the JSON file's path. Synchronized: names are chosen and old dumps pruned one writer at a time. */
    public synchronized Path write(Dump dump, String json, String text) throws IOException {
        ensureDir();
        String base = "conntrack-" + dump.pid + "-"
                + LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(dump.timeMillis), ZoneId.systemDefault()).format(Formats.STAMP)
                + "-" + dump.trigger.type.id;
        Path jsonFile = dir.resolve(base + ".json");
        for (int n = 1; Files.exists(jsonFile, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(dir.resolve(jsonFile.getFileName().toString().replace(".json", ".txt")), LinkOption.NOFOLLOW_LINKS); n++) {
            jsonFile = dir.resolve(base + "-" + n + ".json");
        }
        Path textFile = dir.resolve(jsonFile.getFileName().toString().replace(".json", ".txt"));
        writeAtomically(textFile, text);
        try {
            writeAtomically(jsonFile, json);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(textFile); // never leave half a dump (e.g. the disk filled up in between)
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        prune();
        return jsonFile;
    }

    private void ensureDir() throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link; ConnTrack writes dumps only into a real folder");
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " exists and is not a folder");
            }
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    private void writeAtomically(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(dir, ".conntrack-", ".tmp"); // 0600 on POSIX
        try {
            Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            if (e instanceof FileAlreadyExistsException) {
                throw new IOException(target + " already exists", e);
            }
            throw e;
        }
    }

    /**
     * Orders dump names as written when their file times tie (coarse file-system clocks): by name
     * without the collision suffix, then by the suffix, so {@code x.json} < {@code x-1.json} < {@code x-2.json}
     * (plain string order would put {@code x.json} last, as '-' sorts before '.').
     */
    static int compareNames(String a, String b) {
        Matcher ma = Formats.SUFFIX.matcher(a);
        Matcher mb = Formats.SUFFIX.matcher(b);
        if (ma.matches() && mb.matches()) {
            int c = ma.group(1).compareTo(mb.group(1));
            if (c != 0) {
                return c;
            }
            return Long.compare(ma.group(2) == null ? 0 : Long.parseLong(ma.group(2)),
                    mb.group(2) == null ? 0 : Long.parseLong(mb.group(2)));
        }
        return a.compareTo(b);
    }

    /** Deletes the oldest dumps beyond {@code maxDumps}; touches only files named like ours. */
    private void prune() throws IOException {
        List<Path> dumps = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "conntrack-*.json")) {
            for (Path p : s) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    dumps.add(p);
                }
            }
        }
        if (dumps.size() <= maxDumps) {
            return;
        }
        dumps.sort((a, b) -> {
            try {
                int c = Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                return c != 0 ? c : compareNames(a.getFileName().toString(), b.getFileName().toString());
            } catch (IOException e) {
                return 0;
            }
        });
        for (int i = 0; i < dumps.size() - maxDumps; i++) {
            Path json = dumps.get(i);
            Files.deleteIfExists(json);
            Files.deleteIfExists(json.resolveSibling(json.getFileName().toString().replace(".json", ".txt")));
        }
    }
}
