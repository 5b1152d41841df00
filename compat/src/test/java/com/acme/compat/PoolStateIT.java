package com.acme.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.compat.dao.Pool;
import com.acme.compat.harness.ScenarioRun;
import com.acme.compat.harness.CompatResults;
import io.conntrack.testsupport.SourceLines;
import com.acme.compat.scenario.PoolStateScenario;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each real pool's {@code pools[]} entry in ConnTrack's snapshot against the pool's own API, read
 * right before and after it: maximum, active, idle; then, after one connection was lost, ConnTrack's
 * {@code lost} and the pool's {@code active} that still counts it. One child JVM runs all pools.
 */
@ExtendWith(CompatResults.class)
class PoolStateIT {

    private static ScenarioRun.Result run;

    static Stream<Pool> pools() {
        return Arrays.stream(Pool.values()).filter(p -> p != Pool.NONE);
    }

    private static synchronized ScenarioRun.Result run() {
        if (run == null) {
            run = ScenarioRun.run(PoolStateScenario.class, "", pools().map(Enum::name).collect(Collectors.joining(",")));
        }
        return run;
    }

    private static JsonNode entry(JsonNode snapshot, String type) {
        JsonNode found = null;
        for (JsonNode p : snapshot.get("pools")) {
            if (p.get("type").asText().equals(type) && p.get("readError").isNull()) {
                found = p; // the live one: earlier pools of the run are closed
            }
        }
        assertTrue(found != null, "no live " + type + " pool in " + snapshot.get("pools"));
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    void poolsEntryIsThePoolsOwnNumbers(Pool pool) throws Exception {
        CompatResults.describe("Pools", pool.name(), pool.version() + ", H2",
                "pools[] entry = the pool's own max, active, idle (2 held" + (pool == Pool.C3P0 ? ")" : "; then 1 lost: lost, active)"));
        ScenarioRun.Result r = run().assertClean();
        String type = pool == Pool.HIKARI ? "hikari" : pool.name().toLowerCase(Locale.ROOT);
        String k = pool.name();
        assertFalse(r.has(k + ".error"), r.describe());

        JsonNode own = r.get(k + ".own.held");
        JsonNode p = entry(r.get(k + ".held"), type);
        assertEquals(own.get(0).asLong(), p.get("maxSize").asLong(), p.toString());
        assertEquals(Pool.MAX, p.get("maxSize").asLong());
        assertEquals(own.get(1).asLong(), p.get("active").asLong(), p.toString());
        assertEquals(2, p.get("active").asLong(), "two held: " + p);
        assertEquals(own.get(2).asLong(), p.get("idle").asLong(), p.toString());
        assertEquals(2, p.get("inUse").asLong(), p.toString());
        assertEquals(0, p.get("lost").asLong(), p.toString());
        assertTrue(p.get("forecast").isNull(), p.toString());

        if (pool == Pool.C3P0) {
            return;
        }
        assertTrue(r.get(k + ".lostFound").asBoolean(), r.describe());
        JsonNode lostOwn = r.get(k + ".own.lost");
        JsonNode l = entry(r.get(k + ".lost"), type);
        assertEquals(lostOwn.get(1).asLong(), l.get("active").asLong(), l.toString());
        assertEquals(lostOwn.get(2).asLong(), l.get("idle").asLong(), l.toString());
        assertEquals(1, l.get("lost").asLong(), l.toString());
        assertEquals(2, l.get("inUse").asLong(), l.toString());
        assertEquals(3, l.get("active").asLong(), "the pool still counts the lost one as active: " + l);
        assertFalse(l.get("forecast").isNull(), "a loss and a known maximum make a forecast: " + l);
        String lose = SourceLines.frame(PoolStateScenario.class, "lose", "// LOSE");
        assertEquals(lose, l.get("forecast").get("callsite").asText());
        assertTrue(l.get("advice").get(0).asText().startsWith("leak at " + lose + ": 1 connection(s) from pool '"), l.toString());
    }

    @org.junit.jupiter.api.Test
    void aClosedPoolIsShownClosedNotFailing() {
        CompatResults.describe("Pools", "closed", "all five, H2", "a closed pool's entry says so (c3p0's counters throw once it is closed)");
        ScenarioRun.Result r = run().assertClean();
        JsonNode pools = r.get("closed").get("pools");
        assertEquals(pools().count(), pools.size(), pools.toString());
        for (JsonNode p : pools) {
            String error = p.get("readError").asText(null);
            assertTrue(error == null || error.equals("pool closed") || error.equals("pool not started or closed"), p.toString());
        }
    }
}
