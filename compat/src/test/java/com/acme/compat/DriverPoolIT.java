package com.acme.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.compat.dao.AccountDao;
import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.CompatResults;
import com.acme.compat.harness.KnownAgentBugs;
import com.acme.compat.harness.ScenarioRun;
import com.acme.compat.harness.Snap;
import com.acme.compat.harness.WorkloadChecks;
import com.acme.compat.scenario.DriverPoolScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.SourceLines;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every driver with every pool (and none): one child JVM per driver runs all pools. */
@ExtendWith(CompatResults.class)
class DriverPoolIT {

    static final int N = 5;
    private static final Map<Db, ScenarioRun.Result> RUNS = new EnumMap<>(Db.class);

    static Stream<Arguments> cells() {
        String only = System.getProperty("compat.db", "");
        return Arrays.stream(Db.values()).filter(d -> only.isEmpty() || only.contains(d.name())).flatMap(db -> Arrays.stream(Pool.values()).map(p -> Arguments.of(db, p)));
    }

    private static synchronized ScenarioRun.Result run(Db db) {
        return RUNS.computeIfAbsent(db, d -> ScenarioRun.run(DriverPoolScenario.class, "",
                d.name(), Arrays.stream(Pool.values()).map(Enum::name).collect(Collectors.joining(",")),
                String.valueOf(N)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cells")
    void correctWorkloadIsCleanAndPlantedLeakIsAttributedToTheDao(Db db, Pool pool) throws Throwable {
        boolean held = WorkloadChecks.gcCannotSee(db, pool);
        CompatResults.describe("Drivers x pools", db + " / " + pool, db.version() + ", " + pool.version(),
                "correct workload (N=" + N + "), planted leak " + (held
                        ? "(library keeps it reachable: found as open at the DAO line by a dump, not by GC)"
                        : "found by GC") + ", pool-owned");
        db.server.require();
        ScenarioRun.Result r = run(db).assertClean();
        KnownAgentBugs.run(db + "/" + pool, () -> WorkloadChecks.check(r, db + "." + pool,
                SourceLines.frame(AccountDao.class, "ping", "// BORROW"),
                SourceLines.frame(AccountDao.class, "pingAndForget", "// LEAK"), N, pool != Pool.NONE, held));
    }
}
