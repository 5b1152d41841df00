package com.acme.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.compat.callsite.CallsiteCases;
import com.acme.compat.callsite.FiftyCallsites;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.CompatResults;
import com.acme.compat.harness.KnownAgentBugs;
import com.acme.compat.harness.ScenarioRun;
import com.acme.compat.harness.Snap;
import com.acme.compat.harness.Versions;
import com.acme.compat.scenario.CallsiteScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.SourceLines;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Callsites land on the application's line, never on lambdas, proxies, reflection or method handles. */
@ExtendWith(CompatResults.class)
class CallsiteIT {

    private static final String CASES =
            "lambdaInALoop,lambdaBody,methodReference,jdkProxy,springCglibProxy,reflection,methodHandle,"
                    + "secondCallsiteAfterRetransform";
    private static ScenarioRun.Result run;

    private static synchronized ScenarioRun.Result run() {
        if (run == null) {
            run = ScenarioRun.run(CallsiteScenario.class, "", CASES);
        }
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lambdaInALoop, // LAMBDA_LOOP, a lambda calling getConnection in a loop",
        "lambdaBody, // LAMBDA_BODY, a lambda body returning getConnection()",
        "methodReference, // METHOD_REF, a method reference (ds::getConnection)",
        "jdkProxy, // JDK_PROXY, a JDK dynamic proxy of the DataSource",
        "springCglibProxy, // CGLIB_PROXY, a Spring CGLIB proxy of the DataSource with an interceptor",
        "reflection, // REFLECTION, Method.invoke(getConnection)",
        "methodHandle, // METHOD_HANDLE, MethodHandle.invoke(getConnection)",
    })
    void oneCallsiteAtTheApplicationLine(String method, String marker, String what) throws Throwable {
        CompatResults.describe("Callsite quality", what, Pool.HIKARI.version() + ", "
                + Versions.of("Spring AOP", "spring-aop") + ", H2",
                CallsiteCases.TIMES + " acquisitions: exactly one callsite, at the application line, exact counts");
        ScenarioRun.Result r = run().assertClean();
        KnownAgentBugs.run(method, () -> {
            assertFalse(r.has(method + ".error"), () -> String.valueOf(r.get(method + ".error")));
            Snap before = r.snap(method + ".before");
            Snap after = r.snap(method + ".after");
            String ctx = after.diff(before);
            List<String> sites = after.appSitesChangedSince(before, "acquired");
            assertEquals(1, sites.size(), "expected one callsite" + ctx);
            String site = sites.get(0);
            String at = "(" + CallsiteCases.class.getSimpleName() + ".java:" + SourceLines.lineOf(CallsiteCases.class, marker) + ")";
            assertTrue(site.startsWith(CallsiteCases.class.getName() + ".") && site.endsWith(at),
                    "callsite " + site + " is not the line " + at + ctx);
            assertFalse(site.contains("$$") || site.contains("$Proxy") || site.contains("/0x"), site);
            assertEquals(CallsiteCases.TIMES, after.siteDelta(before, site, "acquired"), ctx);
            assertEquals(CallsiteCases.TIMES, after.siteDelta(before, site, "closed"), ctx);
            assertEquals(CallsiteCases.TIMES, after.appDelta(before, "acquired"), ctx);
            assertEquals(0, after.appDelta(before, "open"), ctx);
            assertEquals(0, after.poolDelta(before, "leaked"), ctx);
        });
    }

    @Test
    void aRunningMethodReachingItsSecondCallsiteKeepsItsLine() throws Throwable {
        CompatResults.describe("Callsite quality", "a running method reaching its second callsite after its first was counted",
                Pool.HIKARI.version() + ", H2", "both callsites of the method have their lines");
        ScenarioRun.Result r = run().assertClean();
        KnownAgentBugs.run("secondCallsiteAfterRetransform", () -> {
            String m = "secondCallsiteAfterRetransform";
            Snap before = r.snap(m + ".before");
            Snap after = r.snap(m + ".after");
            String ctx = after.diff(before);
            String first = SourceLines.frame(CallsiteCases.class, "borrowElsewhere", "// BEFORE_RETRANSFORM");
            String second = SourceLines.frame(CallsiteCases.class, m, "// AFTER_RETRANSFORM");
            assertEquals(1, after.siteDelta(before, first, "acquired"), ctx);
            assertEquals(1, after.siteDelta(before, second, "acquired"), "no callsite " + second + ctx);
            assertEquals(2, after.appDelta(before, "closed"), ctx);
        });
    }

    @Test
    void maxCallsitesBoundsTheTableAndKeepsCountsExact() {
        CompatResults.describe("Callsite quality", "maxCallsites=10 with 50 distinct callsites",
                Versions.of("H2", "h2") + ", DriverManager",
                "10 named callsites, the rest in [other callsites: ...], totals exact");
        ScenarioRun.Result r = ScenarioRun.run(CallsiteScenario.class, "maxCallsites=10", "fifty").assertClean();
        Snap before = r.snap("fifty.before");
        Snap after = r.snap("fifty.after");
        String ctx = after.diff(before);
        int named = 0;
        long namedAcquired = 0;
        JsonNode overflow = null;
        for (JsonNode c : after.sites()) {
            String name = c.get("callsite").asText();
            if (name.startsWith("[other callsites:")) {
                overflow = c;
            } else if (name.startsWith(FiftyCallsites.class.getName() + ".run(")) {
                named++;
                namedAcquired += c.get("acquired").asLong();
                assertEquals(1, c.get("acquired").asLong(), name);
                assertEquals(1, c.get("closed").asLong(), name);
            }
        }
        assertEquals(10, named, ctx);
        assertNotNull(overflow, "no overflow entry" + ctx);
        assertEquals(FiftyCallsites.COUNT - namedAcquired, overflow.get("acquired").asLong(), ctx);
        assertEquals(FiftyCallsites.COUNT - namedAcquired, overflow.get("closed").asLong(), ctx);
        assertEquals(0, overflow.get("open").asLong(), ctx);
        assertEquals(FiftyCallsites.COUNT, after.appDelta(before, "acquired"), ctx);
        assertEquals(FiftyCallsites.COUNT, after.appDelta(before, "closed"), ctx);
        assertEquals(0, after.appDelta(before, "open"), ctx);
    }
}
