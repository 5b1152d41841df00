package com.acme.compat.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Finds marked lines (e.g. {@code // LEAK}) in test sources, so expected callsites are never hard-coded. */
public final class SourceLines {

    private SourceLines() {
    }

    /** The one line of {@code type}'s source file that ends with {@code marker}. */
    public static int lineOf(Class<?> type, String marker) {
        Path file = Paths.get(System.getProperty("compat.sources", "src/test/java"),
                type.getName().replace('.', '/') + ".java");
        List<Integer> found = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().endsWith(marker)) {
                    found.add(i + 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(1, found.size(), "lines ending with '" + marker + "' in " + file + ": " + found);
        return found.get(0);
    }

    /** How the agent renders a callsite: {@code pkg.Type.method(Type.java:42)}. */
    public static String callsite(Class<?> type, String method, String marker) {
        return type.getName() + "." + method + "(" + type.getSimpleName() + ".java:" + lineOf(type, marker) + ")";
    }
}
