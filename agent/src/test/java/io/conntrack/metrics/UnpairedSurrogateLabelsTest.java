package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.config.Config;
import io.conntrack.metrics.ExpositionParser.Exposition;
import io.conntrack.metrics.ExpositionParser.Format;
import io.conntrack.pools.PoolRegistry;
import io.conntrack.pools.PoolWatch;
import io.conntrack.pools.TestPools;
import io.conntrack.reporting.Monitor;
import io.conntrack.tracking.FrameClassifier;
import io.conntrack.tracking.TestSnapshots;
import io.conntrack.tracking.Tracker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 29, defect 5: names that differ only in unpaired surrogates are different Java strings but the
 * same UTF-8 (the endpoint's encoder writes '?' for each): after encoding, every series is still one
 * series. Pools keep one series each (named well-formed, then made unique); callsites that become one
 * label are one series, summed.
 */
class UnpairedSurrogateLabelsTest {

    /** A pool the generic reader reads: it tells its name and its maximum (a DataSource without a pool's getters is no pool). */
    public static final class NamedPool {
        private final String name;

        NamedPool(String name) {
            this.name = name;
        }

        public String getPoolName() {
            return name;
        }

        public int getMaximumPoolSize() {
            return 4;
        }
    }

    @Test
    void poolsWhoseNamesDifferInUnpairedSurrogatesAreDistinctSeriesAfterEncoding() {
        PoolRegistry registry = new PoolRegistry();
        PoolWatch watch = new PoolWatch(registry, List::of, List::of, new FrameClassifier(List.of(), List.of()), m -> { });
        List<NamedPool> pools = List.of(new NamedPool("orders\uD800"), new NamedPool("orders\uDC00"), new NamedPool("orders\uFFFD"),
                new NamedPool("orders\uD83D\uDE00")); // the last a real pair: kept as it is
        for (NamedPool p : pools) {
            registry.idOf(p);
        }
        MetricsView v = MetricsRendererTest.view();
        v.pools = watch.states();
        for (TextFormat.Kind kind : TextFormat.Kind.values()) {
            String sent = new String(MetricsRenderer.render(v, kind).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertNoSeriesTwice(sent);
            Exposition e = ExpositionParser.parse(sent, kind == TextFormat.Kind.PROMETHEUS ? Format.PROMETHEUS : Format.OPENMETRICS);
            for (String name : List.of("orders\uFFFD", "orders\uFFFD#2", "orders\uFFFD#3", "orders\uD83D\uDE00")) {
                assertEquals(0.0, e.value("conntrack_pool_in_use", "pool", name), name + " in\n" + sent);
            }
            assertEquals(4, seriesOf(sent, "conntrack_pool_in_use{").size(), sent);
        }
        assertEquals("orders\uFFFD", v.pools.get(0).name, "dumps and JMX show the name the metrics do");
    }

    @Test
    void callsitesThatBecomeOneLabelAreOneSeriesSummed() {
        Tracker tracker = new Tracker(Config.defaults(), m -> { });
        TrackerMetricsSource source = new TrackerMetricsSource(tracker, TestPools.watch(tracker),
                new Monitor(tracker, TestPools.watch(tracker), Config.defaults(), LinkedHashMap::new), () -> true, 10);
        MetricsView v = source.view(TestSnapshots.snapshot(
                TestSnapshots.callsite("com.acme.Dao.load\uD800(Dao.java:1)", 2, 1),
                TestSnapshots.callsite("com.acme.Dao.load\uDBFF(Dao.java:1)", 1, 2),
                TestSnapshots.callsite("com.acme.Dao.save(Dao.java:9)", 1, 0)));
        String sent = new String(MetricsRenderer.render(v, TextFormat.Kind.PROMETHEUS).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        assertNoSeriesTwice(sent);
        Exposition e = ExpositionParser.parse(sent, Format.PROMETHEUS);
        assertEquals(3.0, e.value("conntrack_callsite_open", "callsite", "com.acme.Dao.load\uFFFD(Dao.java:1)"), sent);
        assertEquals(3.0, e.value("conntrack_callsite_leaked_total", "callsite", "com.acme.Dao.load\uFFFD(Dao.java:1)"), sent);
        assertEquals(2, seriesOf(sent, "conntrack_callsite_open{").size(), sent);
    }

    @Test
    void aLabelNeverCarriesAnUnpairedSurrogate() {
        assertEquals("pool=\"a\uFFFDb\uFFFD\"", TextFormat.label("pool", "a\uDC00b\uD800"));
        assertEquals("pool=\"\uD83D\uDE00\"", TextFormat.label("pool", "\uD83D\uDE00"));
    }

    private static List<String> seriesOf(String exposition, String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith(prefix)) {
                out.add(line.substring(0, line.lastIndexOf(' ')));
            }
        }
        return out;
    }

    /** Every sample line's name and labels, as a scraper keys series, appears once. */
    private static void assertNoSeriesTwice(String exposition) {
        Set<String> seen = new HashSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                String series = line.substring(0, line.lastIndexOf(' '));
                assertTrue(seen.add(series), "twice: " + series + "\n" + exposition);
            }
        }
    }
}
