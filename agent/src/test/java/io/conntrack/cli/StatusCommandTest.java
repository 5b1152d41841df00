package io.conntrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    private static TabularDataSupport table(boolean withRank, Object[]... rows) throws Exception {
        List<String> items = new ArrayList<>(List.of("callsite", "open", "leaked"));
        List<OpenType<?>> types = new ArrayList<>(List.of(SimpleType.STRING, SimpleType.LONG, SimpleType.LONG));
        if (withRank) {
            items.add("rank");
            types.add(SimpleType.INTEGER);
        }
        String[] names = items.toArray(new String[0]);
        CompositeType row = new CompositeType("row", "row", names, names, types.toArray(new OpenType<?>[0]));
        TabularDataSupport t = new TabularDataSupport(new TabularType("t", "t", row, new String[] {"callsite"}));
        for (Object[] r : rows) {
            t.put(new CompositeDataSupport(row, names, withRank ? r : new Object[] {r[0], r[1], r[2]}));
        }
        return t;
    }

    private static List<Object> names(List<CompositeData> rows) {
        List<Object> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get("callsite")));
        return out;
    }

    @Test
    void showsRowsInTheAgentsRanking() throws Exception {
        TabularDataSupport t = table(true,
                new Object[] {"busy", 5L, 0L, 3},
                new Object[] {"leaker", 0L, 1L, 1},
                new Object[] {"held", 1L, 0L, 2});
        assertEquals(List.of("leaker", "held", "busy"), names(StatusCommand.ranked(t)), "the rank the agent computed");
    }

    @Test
    void withoutRankLeakedThenOpen() throws Exception {
        TabularDataSupport t = table(false,
                new Object[] {"busy", 5L, 0L},
                new Object[] {"leaker", 0L, 1L},
                new Object[] {"held", 1L, 0L});
        assertEquals(List.of("leaker", "busy", "held"), names(StatusCommand.ranked(t)));
    }

    @Test
    void printsEachPoolWithItsOwnNumbersTheForecastAndTheAdvice() {
        io.conntrack.pools.PoolState p = new io.conntrack.pools.PoolState();
        p.name = "widgets";
        p.type = "hikari";
        p.className = "com.zaxxer.hikari.HikariDataSource";
        p.maxSize = 10;
        p.active = 7;
        p.idle = 3;
        p.inUse = 2;
        p.lost = 5;
        p.exhaustionSeconds = 40;
        p.forecast = "pool 'widgets' (max 10): 7 in use, 5 lost for good at A.b(A.java:1); ...";
        p.advice.add("leak at A.b(A.java:1): 5 connection(s) ...");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        StatusCommand.pools(out, io.conntrack.jmx.PoolTable.of(List.of(p)));
        assertEquals(String.format("%n")
                + String.format("Pools (their own numbers, - where a pool does not tell; in use and lost as ConnTrack counts them):%n")
                + String.format("   max active   idle waiting in use   lost reclaimed  pool%n")
                + String.format("    10      7      3       -      2      5         0  widgets (hikari)%n")
                + String.format("    forecast: pool 'widgets' (max 10): 7 in use, 5 lost for good at A.b(A.java:1); ...%n")
                + String.format("    advice: leak at A.b(A.java:1): 5 connection(s) ...%n"),
                bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        java.io.ByteArrayOutputStream none = new java.io.ByteArrayOutputStream();
        StatusCommand.pools(new java.io.PrintStream(none), null);
        assertEquals("", none.toString(), "an agent older than pools: nothing");
    }
}
