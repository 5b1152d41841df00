package io.conntrack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
