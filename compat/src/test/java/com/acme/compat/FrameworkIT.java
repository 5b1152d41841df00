package com.acme.compat;

import com.acme.compat.dao.Pool;
import com.acme.compat.framework.Framework;
import com.acme.compat.harness.CompatResults;
import com.acme.compat.harness.KnownAgentBugs;
import com.acme.compat.harness.ScenarioRun;
import com.acme.compat.harness.WorkloadChecks;
import com.acme.compat.scenario.FrameworkScenario;
import io.conntrack.testsupport.SourceLines;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Spring JDBC, jOOQ, JDBI and MyBatis over HikariCP + H2, all in one child JVM. */
@ExtendWith(CompatResults.class)
class FrameworkIT {

    static final int N = 5;
    private static ScenarioRun.Result run;

    private static synchronized ScenarioRun.Result run() {
        if (run == null) {
            run = ScenarioRun.run(FrameworkScenario.class, "", String.valueOf(N));
        }
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Framework.class)
    void correctWorkloadIsCleanAndPlantedLeakIsAttributedToTheDao(Framework f) throws Throwable {
        CompatResults.describe("Frameworks", f.name(), f.version() + ", " + Pool.HIKARI.version() + ", H2",
                "correct workload (N=" + N + "), planted leak found by GC at the DAO line, pool-owned");
        ScenarioRun.Result r = run().assertClean();
        KnownAgentBugs.run(f.name(), () -> WorkloadChecks.check(r, f.name(),
                SourceLines.frame(f.dao, "borrow", "// BORROW"), SourceLines.frame(f.dao, "leak", "// LEAK"),
                N, true, false));
    }
}
