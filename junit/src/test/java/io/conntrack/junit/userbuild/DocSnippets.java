package io.conntrack.junit.userbuild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Maven set-up that docs/testing.md shows, taken from its {@code xml} code blocks, so that the sample
 * builds use it as written: the dependency block (conntrack-junit and junit-jupiter) and the Surefire plugin.
 */
final class DocSnippets {

    private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL);
    private static final Pattern VERSION = Pattern.compile("<version>([^<]*)</version>");

    /** {@code <dependency>} of conntrack-junit, as written. */
    final String conntrackJunit;
    /** {@code <dependency>} of junit-jupiter, as written (its version is the reader's). */
    final String junitJupiter;
    /** {@code <plugin>} of maven-surefire-plugin, as written. */
    final String surefirePlugin;

    private DocSnippets(String conntrackJunit, String junitJupiter, String surefirePlugin) {
        this.conntrackJunit = conntrackJunit;
        this.junitJupiter = junitJupiter;
        this.surefirePlugin = surefirePlugin;
    }

    static DocSnippets read(Path testingMd) throws IOException {
        String text = Files.readString(testingMd);
        List<String> blocks = new ArrayList<>();
        Matcher m = XML_BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        String dependencies = one(blocks, testingMd, "<artifactId>conntrack-junit</artifactId>", "<artifactId>junit-jupiter</artifactId>");
        List<String> deps = new ArrayList<>();
        Matcher d = DEPENDENCY.matcher(dependencies);
        while (d.find()) {
            deps.add(d.group());
        }
        String conntrack = one(deps, testingMd, "<artifactId>conntrack-junit</artifactId>");
        String jupiter = one(deps, testingMd, "<artifactId>junit-jupiter</artifactId>");
        String surefire = one(blocks, testingMd, "<artifactId>maven-surefire-plugin</artifactId>").trim();
        return new DocSnippets(conntrack, jupiter, surefire);
    }

    /** The version a snippet declares. */
    static String version(String snippet) {
        Matcher m = VERSION.matcher(snippet);
        if (!m.find()) {
            throw new AssertionError("no <version> in\n" + snippet);
        }
        return m.group(1);
    }

    /** junit-jupiter's dependency with another version. */
    String junitJupiter(String version) {
        return VERSION.matcher(junitJupiter).replaceFirst("<version>" + version + "</version>");
    }

    private static String one(List<String> candidates, Path file, String... containing) {
        List<String> found = candidates.stream().filter(c -> {
            for (String s : containing) {
                if (!c.contains(s)) {
                    return false;
                }
            }
            return true;
        }).collect(Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError("expected one xml block of " + file + " with " + String.join(" and ", containing)
                    + ", found " + found.size() + ": the user-build test runs the set-up that page shows");
        }
        return found.get(0);
    }
}
