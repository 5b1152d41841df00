package io.conntrack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages depend on each other one way (docs/design.md): no cycle between them, the
 * bridge depends on the JDK alone, and tracking, the hot path's package, knows no reporter and no pool
 * (pools reach it through {@code PoolHooks}). Checked over the compiled main classes.
 */
class PackageDependenciesTest {

    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.conntrack");

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.conntrack.(*)..").should().beFreeOfCycles().check(AGENT);
    }

    /** A dependency on another package is an import at the top, not a qualified name inside the code. */
    @Test
    void mainCodeNamesTheAgentsClassesByImport() throws Exception {
        Pattern inline = Pattern.compile("\\bio\\.conntrack\\.(?:[a-z]+\\.)*[A-Z]");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Paths.get("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                int n = 0;
                for (String line : Files.readAllLines(f)) {
                    n++;
                    String code = line.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\""); // string literals name classes on purpose
                    String t = code.trim();
                    if (!(t.startsWith("import ") || t.startsWith("package ") || t.startsWith("*") || t.startsWith("/*") || t.startsWith("//"))
                            && inline.matcher(code).find()) {
                        found.add(f + ":" + n + ": " + t);
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theBridgeDependsOnTheJdkAlone() {
        noClasses().that().resideInAPackage("io.conntrack.bootstrap..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.conntrack.bootstrap..", "java..")
                .check(AGENT);
    }

    @Test
    void trackingKnowsNoReporterAndNoPool() {
        noClasses().that().resideInAPackage("io.conntrack.tracking..")
                .should().dependOnClassesThat().resideInAnyPackage("io.conntrack.pools..", "io.conntrack.reporting..",
                        "io.conntrack.metrics..", "io.conntrack.jmx..", "io.conntrack.jfr..", "io.conntrack.cli..",
                        "io.conntrack.timeline..", "io.conntrack.report..", "io.conntrack.instrumentation..")
                .check(AGENT);
    }
}
