package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads the dumps a child JVM left behind; every JSON read is checked against docs/dump-format.md. */
public final class DumpFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("conntrack-\\d+-\\d{8}-\\d{6}-([A-Za-z]+)(-\\d+)?\\.(json|txt)");
    private static final Pattern LOGGED_DUMP = Pattern.compile("WARN.* ConnTrack \\w+: .*; dump (/\\S+\\.json)$");

    private DumpFiles() {
    }

    /** The dump files ({@code .json} or {@code .txt}) in {@code dir}, by name; empty when there is no folder. */
    public static List<Path> list(Path dir, String extension) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith("." + extension)).sorted().collect(Collectors.toList());
        }
    }

    /** Every file in {@code dir}, by name. */
    public static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** The only JSON dump of {@code trigger} in {@code dir}. */
    public static Path single(Path dir, String trigger) throws IOException {
        List<Path> found = list(dir, "json").stream().filter(p -> trigger.equals(triggerOf(p))).collect(Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError("expected one " + trigger + " dump in " + dir + ", found " + names(dir));
        }
        return found.get(0);
    }

    /** The trigger id in a dump file's name. */
    public static String triggerOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new AssertionError("not a dump file name: " + file.getFileName());
        }
        return m.group(1);
    }

    /** Parses a JSON dump and checks it against the documented format. */
    public static JsonNode read(Path json) throws IOException {
        JsonNode dump = JSON.readTree(json.toFile());
        List<String> problems = DumpFormat.documented().check(dump);
        assertTrue(problems.isEmpty(), json.getFileName() + " does not match docs/dump-format.md: " + problems);
        return dump;
    }

    /** The text dump written beside a JSON dump. */
    public static String text(Path json) throws IOException {
        Path txt = json.resolveSibling(json.getFileName().toString().replaceAll("\\.json$", ".txt"));
        return Files.readString(txt, StandardCharsets.UTF_8);
    }

    /**
     * The JSON paths the agent named in its one-line warnings, in order. The child's class path has
     * SLF4J with Logback, so these lines go through Logback (to stdout) rather than to stderr.
     */
    public static List<Path> logged(ChildJvm.Result r) {
        List<Path> out = new ArrayList<>();
        for (String line : (r.stdout + "\n" + r.stderr).split("\n")) {
            Matcher m = LOGGED_DUMP.matcher(line.trim());
            if (m.find()) {
                out.add(Paths.get(m.group(1)));
            }
        }
        return out;
    }

    /** The callsite entry of a dump (or snapshot) rendered exactly as {@code frame}. */
    public static JsonNode callsite(JsonNode dump, String frame) {
        for (JsonNode c : dump.get("callsites")) {
            if (c.get("callsite").asText().equals(frame)) {
                return c;
            }
        }
        throw new AssertionError("no callsite " + frame + " in " + dump.get("callsites"));
    }
}
