package io.conntrack.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Finds line numbers in test sources by a marker comment, so no test hard-codes a line number. */
public final class SourceLines {

    private SourceLines() {
    }

    public static int lineOf(Class<?> type, String marker) throws IOException {
        Path src = Paths.get("src/test/java", type.getName().replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(src);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("marker '" + marker + "' not found in " + src);
    }

    /** The callsite rendering of the marked line: {@code com.acme.X.method(X.java:42)}. */
    public static String frame(Class<?> type, String method, String marker) throws IOException {
        return type.getName() + "." + method + "(" + type.getSimpleName() + ".java:" + lineOf(type, marker) + ")";
    }
}
