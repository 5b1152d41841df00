package io.conntrack.report;

import io.conntrack.text.Printable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The dumps named on the command line: folders (their {@code conntrack-*.json} files) and files. Each
 * file that cannot be used is one problem, saying what is wrong and what to do; the others are read.
 */
final class DumpInputs {

    /** Larger than any dump ConnTrack writes (a few MB at most): refused rather than read into memory. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    static final String DUMP_GLOB = "conntrack-*.json";

    final List<DumpData> dumps = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    private DumpInputs() {
    }

    static DumpInputs read(List<String> arguments) {
        DumpInputs in = new DumpInputs();
        Set<Path> files = new LinkedHashSet<>();
        for (String a : arguments) {
            in.expand(a, files);
        }
        for (Path f : files) {
            in.readFile(f);
        }
        return in;
    }

    private void expand(String argument, Set<Path> files) {
        Path p;
        try {
            p = Paths.get(argument).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            problems.add("'" + Printable.escape(argument) + "' is not a file path (" + Printable.escape(e.getReason())
                    + "); give the dumps folder or dump files");
            return;
        }
        String shown = Printable.escape(p);
        if (!Files.exists(p)) {
            problems.add(shown + ": no such file or folder; give the dumps folder (the agent's dumpDir, ./conntrack by default)"
                    + " or dump files (conntrack-<pid>-<time>-<trigger>.json)");
            return;
        }
        if (!Files.isDirectory(p)) {
            files.add(p);
            return;
        }
        List<Path> found = new ArrayList<>();
        boolean textTwins = false;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
            for (Path f : s) {
                String name = f.getFileName().toString();
                if (name.startsWith("conntrack-") && name.endsWith(".json") && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(f);
                }
                textTwins |= name.startsWith("conntrack-") && name.endsWith(".txt");
            }
        } catch (AccessDeniedException e) {
            problems.add("cannot read the folder " + shown + " (permission denied): dump folders are owner-only (0700); run the"
                    + " report as the user that wrote the dumps");
            return;
        } catch (IOException e) {
            problems.add("cannot read the folder " + shown + " (" + Printable.escape(e.getMessage()) + ")");
            return;
        }
        if (found.isEmpty()) {
            problems.add(shown + " has no dump (" + DUMP_GLOB + ")" + (textTwins ? ", only text dumps (.txt): the report reads the"
                    + " .json file written beside each" : ": give the agent's dumpDir (./conntrack by default), where it writes a"
                    + " dump when a trigger fires or one is asked for (java -jar conntrack-agent.jar dump <pid> --out FILE)"));
            return;
        }
        found.sort(null);
        files.addAll(found);
    }

    private void readFile(Path f) {
        String shown = Printable.escape(f);
        String text;
        try {
            long size = Files.size(f);
            if (size > MAX_FILE_BYTES) {
                problems.add(shown + " is not a ConnTrack dump (" + size / (1024 * 1024) + " MB; dumps are far smaller): skipped");
                return;
            }
            byte[] bytes = Files.readAllBytes(f);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (AccessDeniedException e) {
            problems.add("cannot read " + shown + " (permission denied): dump files are owner-only (0600); run the report as the"
                    + " user that wrote them");
            return;
        } catch (CharacterCodingException e) {
            problems.add(shown + " is not a ConnTrack dump (not UTF-8 text)" + fix(f));
            return;
        } catch (IOException e) {
            problems.add("cannot read " + shown + " (" + Printable.escape(e.getMessage()) + ")");
            return;
        }
        try {
            dumps.add(DumpData.of(f, JsonReader.parse(text)));
        } catch (JsonReader.JsonException e) {
            problems.add(shown + " is not a ConnTrack dump (not JSON: " + Printable.escape(e.getMessage()) + ")" + fix(f));
        } catch (DumpData.NotADump e) {
            problems.add(shown + " is JSON but not a ConnTrack dump (" + Printable.escape(e.getMessage()) + ")" + fix(f));
        }
    }

    private static String fix(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".txt") ? "; it looks like a text dump: give the .json file beside it"
                : "; give the .json files ConnTrack writes (conntrack-<pid>-<time>-<trigger>.json): skipped";
    }
}
