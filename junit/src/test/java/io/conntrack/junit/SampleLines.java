package io.conntrack.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The line of a sample marked {@code // leak-line:<name>}, so tests do not hard-code line numbers. */
final class SampleLines {

    private SampleLines() {
    }

    /** {@code io.conntrack.junit.samples.LeakingSample.leaks(LeakingSample.java:17)}. */
    static String callsite(Class<?> sample, String method, String marker) {
        return sample.getName() + "." + method + "(" + sample.getSimpleName() + ".java:" + line(sample, marker) + ")";
    }

    static int line(Class<?> sample, String marker) {
        Path source = Paths.get(System.getProperty("conntrack.junit.samples", "src/test/java/io/conntrack/junit/samples"),
                sample.getSimpleName() + ".java");
        try {
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith("// leak-line:" + marker)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no '// leak-line:" + marker + "' in " + source);
    }
}
