package com.widgetify.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds lines in the service's sources by their marker comments, so no test hard-codes a line number. */
public final class SourceMarkers {

    private SourceMarkers() {
    }

    public static Path sources() {
        return Path.of(System.getProperty("widgetify.sources", "src/main/java"));
    }

    /** The 1-based line of the only line of {@code file} containing {@code marker}. */
    public static int lineOf(String relativeFile, String marker) throws IOException {
        List<String> lines = Files.readAllLines(sources().resolve(relativeFile), StandardCharsets.UTF_8);
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                if (found > 0) {
                    throw new AssertionError(relativeFile + " has the marker " + marker + " twice");
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            throw new AssertionError(relativeFile + " has no line marked " + marker);
        }
        return found;
    }
}
