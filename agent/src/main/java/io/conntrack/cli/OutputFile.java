package io.conntrack.cli;

import io.conntrack.text.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/** The file a command writes with {@code --out} ({@code dump}, {@code report}): checked first, written owner-only. */
final class OutputFile {

    private OutputFile() {
    }

    /** The {@code --out} file, or why it cannot be written: its folder must exist and be writable. */
    static Path check(String command, String given, String example) throws CliException {
        Path file;
        try {
            file = Paths.get(given).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new CliException(Exit.USAGE, command + ": --out '" + Printable.escape(given) + "' is not a file path ("
                    + Printable.escape(e.getReason()) + "); give a file name such as " + example);
        }
        String shown = command + ": cannot write --out " + Printable.escape(file);
        if (Files.isDirectory(file)) {
            throw new CliException(Exit.USAGE, shown + ": it is a folder; give a file name in it, e.g. --out "
                    + Printable.escape(file.resolve(example)));
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new CliException(Exit.FAILED, shown + ": the folder " + Printable.escape(folder) + " does not exist"
                    + (folder != null && Files.exists(folder) ? " (it is a file)" : "") + "; create it (mkdir -p "
                    + Printable.escape(folder) + ") or give a file in an existing folder");
        }
        if (!Files.isWritable(folder)) {
            throw new CliException(Exit.FAILED, shown + ": the folder " + Printable.escape(folder) + " is not writable by "
                    + Printable.escape(System.getProperty("user.name")) + "; give a file in a folder this user can write to");
        }
        return file;
    }

    /**
     * Writes {@code content} owner-only (0600, like the dumps ConnTrack writes itself): to a temp file
     * in the same folder, created 0600, then renamed over {@code file}; a reader never sees half a file,
     * and an existing file (or link) named {@code file} is replaced, not written through.
     */
    static void write(String command, Path file, String content) throws CliException {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.getParent(), ".conntrack-" + command + "-", ".tmp"); // 0600 on POSIX
            Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // reported below
                }
            }
            String reason = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
                    ? ((FileSystemException) e).getReason()
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileSystemException ? e.getClass().getSimpleName() : String.valueOf(e.getMessage());
            throw new CliException(Exit.FAILED, command + ": cannot write --out " + Printable.escape(file) + ": "
                    + Printable.escape(reason) + "; give a file in a folder this user can write to", e);
        }
    }
}
