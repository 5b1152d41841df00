package com.acme.compat.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Records each test's outcome (PASS, FAIL, SKIPPED) with the libraries it ran, one tab-separated
 * row per test in {@code target/compat-results/<TestClass>.txt}, then regenerates
 * docs/compatibility.md from every results file, so the document only states what was run.
 */
public final class CompatResults implements TestWatcher, BeforeAllCallback, AfterAllCallback {

    private static final ThreadLocal<String[]> ROW = new ThreadLocal<>();

    /** Describes the running test: its area (Drivers x pools, Frameworks, ...), the case, and the libraries. */
    public static void describe(String area, String combination, String libraries, String checked) {
        ROW.set(new String[] {area, combination, libraries, checked});
    }

    /** Describes the running test with the cells of an area that has its own columns (see CompatibilityDoc). */
    public static void describeCells(String area, String... cells) {
        String[] row = new String[cells.length + 1];
        row[0] = area;
        System.arraycopy(cells, 0, row, 1, cells.length);
        ROW.set(row);
    }

    static Path dir() {
        return Paths.get(System.getProperty("compat.results", "target/compat-results"));
    }

    private static Path file(ExtensionContext context) {
        return dir().resolve(context.getRequiredTestClass().getSimpleName() + ".txt");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Files.createDirectories(dir());
        Files.deleteIfExists(file(context));
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        write(context, "PASS");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        write(context, "FAIL: " + (cause instanceof AssertionError
                ? KnownAgentBugs.summary((AssertionError) cause) : firstLine(String.valueOf(cause))));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        write(context, "SKIPPED: " + firstLine(cause.getMessage()).replace("Assumption failed: ", ""));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        ROW.remove();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        CompatibilityDoc.write(dir(), Paths.get(System.getProperty("compat.doc", "../docs/compatibility.md")));
    }

    private static void write(ExtensionContext context, String status) {
        String[] row = ROW.get();
        ROW.remove();
        if (row == null) {
            row = new String[] {context.getRequiredTestClass().getSimpleName(), context.getDisplayName(), "", ""};
        }
        String[] cells = java.util.Arrays.copyOf(row, row.length + 1);
        cells[row.length] = status;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].replace('\t', ' ').replace('\n', ' ');
        }
        String line = String.join("\t", cells) + "\n";
        try {
            Files.writeString(file(context), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String l = nl < 0 ? s : s.substring(0, nl);
        return l.length() > 260 ? l.substring(0, 260) + "..." : l;
    }
}
