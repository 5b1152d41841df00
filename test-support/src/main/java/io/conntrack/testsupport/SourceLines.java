package io.conntrack.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds line numbers in test sources by a marker comment (e.g. {@code // LEAK}), so no test hard-codes a
 * line number. The sources are under system property {@code conntrack.test.sources}, else
 * {@code src/test/java} of the working directory (the module's, under Maven).
 */
public final class SourceLines {

    private SourceLines() {
    }

    /**
     * The one line of {@code type}'s source that ends with {@code marker} (a marker comment such as
     * {@code // HOLD}, not found on a line marked {@code // HOLD-A}); where no line ends with it, the one
     * line that contains it (a call such as {@code Downstream.slowCall(}). None, or more than one, fails.
     */
    public static int lineOf(Class<?> type, String marker) {
        Path file = Paths.get(System.getProperty("conntrack.test.sources", "src/test/java"),
                type.getName().replace('.', '/') + ".java");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> ending = new ArrayList<>();
        List<Integer> containing = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.endsWith(marker)) {
                ending.add(i + 1);
            }
            if (line.contains(marker)) {
                containing.add(i + 1);
            }
        }
        List<Integer> found = ending.isEmpty() ? containing : ending;
        if (found.size() != 1) {
            throw new AssertionError("expected one line marked '" + marker + "' in " + file + ", found lines " + found);
        }
        return found.get(0);
    }

    /** How the agent renders the marked line as a callsite: {@code com.acme.X.method(X.java:42)}. */
    public static String frame(Class<?> type, String method, String marker) {
        return type.getName() + "." + method + "(" + type.getSimpleName() + ".java:" + lineOf(type, marker) + ")";
    }
}
