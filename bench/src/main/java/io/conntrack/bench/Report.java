package io.conntrack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders results.md: machine, variants, the goals with measured values, then every table. */
final class Report {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private final boolean quick;
    private final Path agentJar;
    private final String startLoad = loadAverage();
    private final Instant started = Instant.now();
    private List<Variant> variants = List.of();
    private List<Row> rows = List.of();
    private Map<String, List<Map<String, Long>>> retained;
    private ChildJvm.Startup startup;
    private SpringStartupBench.Results spring;

    Report(boolean quick, Path agentJar) {
        this.quick = quick;
        this.agentJar = agentJar;
    }

    void variants(List<Variant> v) {
        variants = v;
    }

    void jmhRows(List<Row> r) {
        rows = r;
    }

    void retained(Map<String, List<Map<String, Long>>> r) {
        retained = r;
    }

    void startup(ChildJvm.Startup s) {
        startup = s;
    }

    void spring(SpringStartupBench.Results s) {
        spring = s;
    }

    String render() {
        StringBuilder b = new StringBuilder();
        b.append("# ConnTrack benchmark results (").append(quick ? "quick smoke run: 1 fork, short iterations; not for decisions" : "full run")
                .append(")\n\n");
        b.append("- Started ").append(started).append(", finished ").append(Instant.now()).append('\n');
        b.append("- Machine: ").append(cpuModel()).append(", ").append(CORES).append(" cores visible, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(' ')
                .append(System.getProperty("os.arch")).append("; load average at start ").append(startLoad)
                .append(", at end ").append(loadAverage()).append(" (shared machine: other builds ran in parallel; compare ratios within one run)\n");
        b.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.home")).append("); forked JVMs: -Xms1g -Xmx1g, default GC\n");
        b.append("- Agent: ").append(agentJar).append(" (").append(size(agentJar)).append(" bytes, modified ")
                .append(modified(agentJar)).append(")\n");
        b.append("- JMH 1.37, mode avgt, ").append(quick ? "1 fork, 2 x 300 ms warm-up, 3 x 300 ms measurement"
                : "2 forks, 3 x 1 s warm-up, 4 x 1 s measurement").append(" per variant; ± is JMH's 99.9% confidence half-width;"
                + " ratio errors are propagated from both scores\n\n");
        b.append("Variants:\n\n");
        for (Variant v : variants) {
            b.append("- `").append(v.name).append("`: ").append(v.description).append('\n');
        }
        b.append('\n');
        goals(b);
        jmhTables(b);
        retainedTable(b);
        startupTable(b);
        springTables(b);
        return b.toString();
    }

    private void goals(StringBuilder b) {
        b.append("## Goals\n\n| Goal | Measured | Met |\n|---|---|---|\n");
        String s1 = "1. Agent cost";
        Row base50 = find(s1, "acquireClose depth=50", 1, Variant.BASELINE);
        Row def50 = find(s1, "acquireClose depth=50", 1, Variant.CONNTRACK_DEFAULT);
        Row all50 = find(s1, "acquireClose depth=50", 1, "conntrack-stacks-all");
        Row off50 = find(s1, "acquireClose depth=50", 1, "conntrack-stacks-off");
        if (base50 != null && def50 != null) {
            double added = def50.score - base50.score;
            goal(b, "Benchmark 1, depth 50, default mode adds <= 1 us", ns(added, err(def50, base50))
                    + (off50 == null ? "" : "; stacks=off adds " + ns(off50.score - base50.score, err(off50, base50))), added <= 1000);
        }
        if (base50 != null && all50 != null) {
            double added = all50.score - base50.score;
            goal(b, "Benchmark 1, depth 50, stacks=all adds <= 3 us", ns(added, err(all50, base50)), added <= 3000);
        }
        String s2 = "2. HikariCP";
        Row hb = find(s2, "borrowClose", 1, Variant.BASELINE);
        Row hl = find(s2, "borrowClose", 1, "hikari-leak");
        Row hd = find(s2, "borrowClose", 1, Variant.CONNTRACK_DEFAULT);
        if (hb != null && hl != null && hd != null) {
            double agent = hd.score - hb.score;
            double leak = hl.score - hb.score;
            goal(b, "Benchmark 2, default mode adds no more per borrow than Hikari leak detection",
                    "agent " + ns(agent, err(hd, hb)) + " vs leak detection " + ns(leak, err(hl, hb)), agent <= leak);
        }
        String s3 = "3. HikariCP";
        Row sb = find(s3, "borrowSelect1", 1, Variant.BASELINE);
        Row sd = find(s3, "borrowSelect1", 1, Variant.CONNTRACK_DEFAULT);
        if (sb != null && sd != null) {
            goal(b, "Benchmark 3 (SELECT 1) default mode within 5%", ratio(sd, sb), sd.score / sb.score <= 1.05);
        }
        String s4 = "4. Contention";
        Row c1b = find(s4, "oneCallsite", 1, Variant.BASELINE);
        Row c1d = find(s4, "oneCallsite", 1, Variant.CONNTRACK_DEFAULT);
        Row c8b = find(s4, "oneCallsite", 8, Variant.BASELINE);
        Row c8d = find(s4, "oneCallsite", 8, Variant.CONNTRACK_DEFAULT);
        if (c1b != null && c1d != null && c8b != null && c8d != null) {
            double one = c1d.score - c1b.score;
            double eight = cpuNormalised(c8d.score - c8b.score, 8);
            goal(b, "8 threads <= 2x single-thread per op (added CPU-ns per op, default mode)",
                    fmt(eight) + " ns at 8 threads vs " + fmt(one) + " ns at 1 thread (x" + fmt2(eight / one) + ")", eight <= 2 * one);
        }
        for (int threads : new int[] {1, 8}) {
            Row ob = find(s4, "oneCallsite", threads, Variant.BASELINE);
            Row od = find(s4, "oneCallsite", threads, Variant.CONNTRACK_DEFAULT);
            Row mb = find(s4, "manyCallsites", threads, Variant.BASELINE);
            Row md = find(s4, "manyCallsites", threads, Variant.CONNTRACK_DEFAULT);
            if (ob == null || od == null || mb == null || md == null) {
                continue;
            }
            double one = od.score - ob.score;
            double many = md.score - mb.score;
            double e = Math.sqrt(sq(err(od, ob)) + sq(err(md, mb)));
            goal(b, "1,000 callsites cost the same as 1 (" + threads + " thread(s), default mode, added ns/op)",
                    fmt(many) + " vs " + fmt(one) + " (difference " + ns(many - one, e) + ")",
                    many - one > e ? Boolean.FALSE : e > Math.abs(one) ? null : Boolean.TRUE);
        }
        Row ab = find(s1, "acquireClose depth=10", 1, Variant.BASELINE);
        Row ad = find(s1, "acquireClose depth=10", 1, Variant.CONNTRACK_DEFAULT);
        if (ab != null && ad != null && !Double.isNaN(ad.allocNorm)) {
            double added = ad.allocNorm - ab.allocNorm;
            goal(b, "<= 1 small allocation per acquisition, default mode (taken as <= 96 B/op added)",
                    fmt(added) + " B/op added (" + fmt(ad.allocNorm) + " vs baseline " + fmt(ab.allocNorm) + ")", added <= 96);
        }
        if (retained != null && retained.containsKey("conntrack-stacks-off") && retained.containsKey(Variant.BASELINE)) {
            double perConn = retainedAdded("conntrack-stacks-off", "openDelta", "open");
            goal(b, "< 200 bytes retained per open connection, stacks=off", fmt(perConn) + " B", perConn < 200);
        }
        if (startup != null && startup.millis.containsKey(Variant.CONNTRACK_DEFAULT)) {
            double added = median(startup.millis.get(Variant.CONNTRACK_DEFAULT)) - median(startup.millis.get(Variant.BASELINE));
            double cpu = median(startup.cpuMillis.get(Variant.CONNTRACK_DEFAULT)) - median(startup.cpuMillis.get(Variant.BASELINE));
            goal(b, "Small program: <= 100 ms added start-up (median of runs)", fmt(added) + " ms wall (" + fmt(cpu) + " ms CPU)", added <= 100);
        }
        if (spring != null) {
            for (SpringStartupBench.Cell c : spring.cells) {
                SpringStartupBench.Cell base = springBase(c);
                if (!c.variant.name.equals(Variant.CONNTRACK_DEFAULT) || base == null || base == c) {
                    continue;
                }
                double wall = median(pairedDiffs(c, base, 0));
                double cpu = median(pairedDiffs(c, base, 1));
                goal(b, "Spring Boot, " + c.mode.name + ": <= +200 ms to the first response and <= +300 ms CPU (median of paired rounds)",
                        signed(wall) + " ms, " + signed(cpu) + " ms CPU", wall <= 200 && cpu <= 300);
            }
        }
        b.append('\n');
    }

    private void jmhTables(StringBuilder b) {
        Map<String, List<Row>> bySection = new LinkedHashMap<>();
        for (Row r : rows) {
            bySection.computeIfAbsent(r.section, k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Row>> e : bySection.entrySet()) {
            boolean contention = e.getKey().startsWith("4.");
            b.append("## ").append(e.getKey()).append("\n\n");
            b.append("| Case | Threads | Variant | ns/op | x baseline | added ns/op |")
                    .append(contention ? " added CPU-ns/op |" : " alloc B/op | added B/op |").append('\n');
            b.append(contention ? "|---|---|---|---|---|---|---|\n" : "|---|---|---|---|---|---|---|---|\n");
            Map<String, List<Row>> byKey = new LinkedHashMap<>();
            for (Row r : e.getValue()) {
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
            for (List<Row> group : byKey.values()) {
                Row base = group.stream().filter(r -> r.variant.equals(Variant.BASELINE)).findFirst().orElse(null);
                for (Row r : group) {
                    b.append("| ").append(r.case_).append(" | ").append(r.threads).append(" | ").append(r.variant)
                            .append(" | ").append(pm(r.score, r.error));
                    if (base == null || r == base) {
                        b.append(" | 1 | 0 |");
                    } else {
                        b.append(" | ").append(ratio(r, base)).append(" | ").append(pm(r.score - base.score, err(r, base))).append(" |");
                    }
                    if (contention) {
                        b.append(' ').append(base == null ? "" : fmt(cpuNormalised(r.score - base.score, r.threads))).append(" |");
                    } else {
                        b.append(' ').append(pm(r.allocNorm, r.allocError)).append(" | ")
                                .append(base == null ? "" : fmt(r.allocNorm - base.allocNorm)).append(" |");
                    }
                    b.append('\n');
                }
            }
            if (contention) {
                b.append("\nJMH avgt is wall time per op per thread; with more threads than the ").append(CORES)
                        .append(" cores it grows with the thread count even without the agent. Added CPU-ns/op = added ns/op x min(threads, cores) / threads.\n");
            }
            b.append('\n');
        }
    }

    private void retainedTable(StringBuilder b) {
        if (retained == null) {
            return;
        }
        Map<String, Long> first = retained.values().iterator().next().get(0);
        b.append("## 5b. Retained heap: ").append(first.get("open")).append(" open connections over ").append(first.get("callsites") + 1)
                .append(" callsites (child JVM, -Xmx1g, SerialGC, heap used after System.gc(), after the agent's callsite marking settled)\n\n");
        b.append("| Variant | runs | heap per open connection, B | added per open connection, B | heap per new callsite, B | added per callsite, B | tracked open |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Map<String, Long>>> e : retained.entrySet()) {
            String v = e.getKey();
            b.append("| ").append(v).append(" | ").append(e.getValue().size())
                    .append(" | ").append(range(e.getValue(), "openDelta", "open"))
                    .append(" | ").append(v.equals(Variant.BASELINE) ? "0" : fmt(retainedAdded(v, "openDelta", "open")))
                    .append(" | ").append(range(e.getValue(), "callsitesDelta", "callsites"))
                    .append(" | ").append(v.equals(Variant.BASELINE) ? "0" : fmt(retainedAdded(v, "callsitesDelta", "callsites")))
                    .append(" | ").append(e.getValue().get(0).get("trackedOpen")).append(" |\n");
        }
        b.append("\nPer open connection: heap with all connections open minus heap after closing them (same JVM, callsites already known)."
                + " Per callsite: heap after the first acquisition from each new callsite (and its marking) minus before.");
        b.append(" The baseline's bytes per open connection are the connection objects themselves; 'added' is the agent's share"
                + " (mean of runs minus the baseline's mean). Values are mean (min..max) over runs.\n\n");
    }

    private void startupTable(StringBuilder b) {
        if (startup == null) {
            return;
        }
        b.append("## 6. Start-up: JVM start, load H2 + HikariCP, open and close one connection, exit (whole process)\n\n");
        b.append("| Variant | runs | median ms | mean ms ± sd | min ms | max ms | added median ms | median process CPU ms | added median CPU ms |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        double baseMedian = median(startup.millis.get(Variant.BASELINE));
        double baseCpu = median(startup.cpuMillis.get(Variant.BASELINE));
        for (Map.Entry<String, List<Double>> e : startup.millis.entrySet()) {
            double cpu = median(startup.cpuMillis.get(e.getKey()));
            List<Double> m = e.getValue();
            double mean = m.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double sd = Math.sqrt(m.stream().mapToDouble(x -> sq(x - mean)).sum() / Math.max(1, m.size() - 1));
            b.append("| ").append(e.getKey()).append(" | ").append(m.size()).append(" | ").append(fmt(median(m)))
                    .append(" | ").append(pm(mean, sd)).append(" | ")
                    .append(fmt(m.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN))).append(" | ")
                    .append(fmt(m.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN))).append(" | ")
                    .append(fmt(median(m) - baseMedian)).append(" | ").append(fmt(cpu)).append(" | ")
                    .append(fmt(cpu - baseCpu)).append(" |\n");
        }
        b.append("\nAgent class counters (from ConnTrack.snapshotJson() \"agent\", same program):\n\n");
        for (Map.Entry<String, Map<String, Long>> e : startup.counters.entrySet()) {
            if (!e.getValue().isEmpty()) {
                b.append("- `").append(e.getKey()).append("`: ").append(e.getValue()).append('\n');
            }
        }
        b.append('\n');
    }

    private void springTables(StringBuilder b) {
        if (spring == null) {
            return;
        }
        b.append("## 7. Start-up of a Spring Boot application: JVM start to the first served HTTP response\n\n");
        b.append("Application: ").append(spring.app).append(" (bench-spring: Spring Boot 3.5.7, Spring MVC on Tomcat, Spring Data JPA"
                + " with Hibernate 6.6, HikariCP, H2 in memory; 4 entities, sample data loaded at start, then GET /owners to itself)."
                + " JDK ").append(spring.javaFeature).append("; ").append(spring.rounds)
                .append(" interleaved rounds; default heap and GC. Time to first response and process CPU are measured by the"
                        + " application itself (from the JVM's start time; CPU of the whole process up to then); process ms is"
                        + " spawn to exit as seen by the runner. Archives are trained without the agent and used by both variants,"
                        + " except the *-agent-trained ones (trained with the agent, run with it; compared with the same kind of"
                        + " archive's no-agent run).\n\n");
        for (SpringStartupBench.Mode m : spring.modes) {
            b.append("- `").append(m.name).append("`: ").append(m.description);
            if (m.archived()) {
                b.append(" (").append(String.join(" ", m.recordArgs));
                if (m.createArgs != null) {
                    b.append("; ").append(String.join(" ", m.createArgs));
                }
                b.append("; then ").append(String.join(" ", m.useArgs)).append(')');
            }
            String failed = spring.trainingFailures.get(m.name);
            if (failed != null) {
                b.append(" — **training failed**: ").append(failed);
            }
            Set<String> notes = spring.trainingMessages.get(m.name);
            if (notes != null && !notes.isEmpty()) {
                b.append(" — the JVM while training: ").append(String.join("; ", notes));
            }
            b.append('\n');
        }
        SpringStartupBench.Cell plain = spring.cell("no-archive", Variant.BASELINE);
        b.append("\nAdded ms and added CPU ms pair each run with the no-agent run of the same round (rounds are interleaved, so"
                + " both saw the same machine): the median of those differences, then their mean ± its standard error. The"
                + " runs of one variant spread by several hundred ms on this 2-core machine; the pairs are what resolve"
                + " differences of 100 ms.\n");
        b.append("\n| Archive | Variant | runs | median ms to first response | min..max | added ms | x no agent | median CPU ms"
                + " | added CPU ms | CPU x no agent | x no-archive no-agent | median process ms | classes loaded |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SpringStartupBench.Cell c : spring.cells) {
            SpringStartupBench.Cell base = springBase(c);
            b.append("| ").append(c.mode.name).append(" | ").append(c.variant.name).append(" | ").append(c.firstResponseMillis.size());
            if (c.firstResponseMillis.isEmpty()) {
                b.append(" | ").append(c.failure == null ? "n/a" : "**failed**: " + c.failure).append(" |  |  |  |  |  |  |  |  |  |\n");
                continue;
            }
            double wall = median(c.firstResponseMillis);
            double cpu = median(c.cpuMillis);
            b.append(" | ").append(fmt(wall)).append(" | ").append(fmt(min(c.firstResponseMillis))).append("..")
                    .append(fmt(max(c.firstResponseMillis)));
            if (base == null || base == c || base.firstResponseMillis.isEmpty()) {
                b.append(" | 0 | 1 | ").append(fmt(cpu)).append(" | 0 | 1");
            } else {
                double bw = median(base.firstResponseMillis);
                double bc = median(base.cpuMillis);
                b.append(" | ").append(paired(c, base, 0)).append(" | ").append(fmt2(wall / bw)).append(" | ").append(fmt(cpu))
                        .append(" | ").append(paired(c, base, 1)).append(" | ").append(fmt2(cpu / bc));
            }
            b.append(" | ").append(plain == null || plain.firstResponseMillis.isEmpty() ? "n/a" : fmt2(wall / median(plain.firstResponseMillis)))
                    .append(" | ").append(fmt(median(c.processMillis))).append(" | ").append(fmt(median(c.loadedClasses)));
            if (c.failure != null) {
                b.append(" (then failed: ").append(c.failure).append(')');
            }
            b.append(" |\n");
        }
        aboveTheFloor(b);
        b.append("\nWhere the classes came from (one more run per row with -Xlog:class+load, not timed):\n\n");
        b.append("| Archive | Variant | classes logged | from the archive | % | JDK modules (jrt:) | application jars | agent jar"
                + " | generated (lambdas, proxies, hidden) | agent classesSeen / matched / transformed | connections tracked |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SpringStartupBench.Cell c : spring.cells) {
            if (c.sources.isEmpty()) {
                continue;
            }
            Map<String, Long> n = c.sources;
            b.append("| ").append(c.mode.name).append(" | ").append(c.variant.name).append(" | ").append(n.get("total"))
                    .append(" | ").append(n.get("archive")).append(" | ")
                    .append(n.get("total") == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100.0 * n.get("archive") / n.get("total")))
                    .append(" | ").append(n.get("jrt")).append(" | ").append(n.get("jars")).append(" | ").append(n.get("agent"))
                    .append(" | ").append(n.get("generated")).append(" | ");
            if (c.counters.isEmpty()) {
                b.append("-");
            } else {
                b.append(c.counters.get("classesSeen")).append(" / ").append(c.counters.get("classesMatched")).append(" / ")
                        .append(c.counters.get("classesTransformed"));
            }
            Long acquired = c.counters.get("acquired");
            b.append(" | ").append(acquired == null ? "-" : acquired <= 0 ? "**" + acquired + "**" : acquired.toString()).append(" |\n");
        }
        boolean any = false;
        for (SpringStartupBench.Cell c : spring.cells) {
            if (c.archiveMessages.isEmpty() && c.failure == null && c.warning == null) {
                continue;
            }
            if (!any) {
                b.append("\nThe JVM's archive errors, failed runs and agents that tracked nothing:\n\n");
                any = true;
            }
            b.append("- `").append(c.mode.name).append("` / `").append(c.variant.name).append("`: ");
            List<String> parts = new ArrayList<>(c.archiveMessages);
            if (c.failure != null) {
                parts.add("run " + c.failure);
            }
            if (c.warning != null) {
                parts.add("**" + c.warning + "**");
            }
            b.append(String.join("; ", parts)).append('\n');
        }
        b.append('\n');
    }

    /** ConnTrack against the no-op agent, round by round: what ConnTrack itself adds above the floor any transforming agent pays. */
    private void aboveTheFloor(StringBuilder b) {
        StringBuilder rows = new StringBuilder();
        for (SpringStartupBench.Cell c : spring.cells) {
            if (!c.variant.name.equals(Variant.CONNTRACK_DEFAULT) || c.mode.agentTrained) {
                continue;
            }
            SpringStartupBench.Cell floor = spring.cell(c.mode.name, Variant.NOOP_AGENT);
            if (floor != null && !floor.byRound.isEmpty() && !c.byRound.isEmpty()) {
                rows.append("| ").append(c.mode.name).append(" | ").append(paired(c, floor, 0)).append(" | ")
                        .append(paired(c, floor, 1)).append(" |\n");
            }
        }
        if (rows.length() > 0) {
            b.append("\nConnTrack above the no-op agent (each ConnTrack run minus the no-op agent's run of the same round):\n\n");
            b.append("| Archive | added ms | added CPU ms |\n|---|---|---|\n").append(rows);
        }
    }

    /**
     * {@code c} minus {@code base}, round by round, for the value at {@code index} (0: time to first response, 1: CPU):
     * "median (mean ± standard error)", or n/a without common rounds.
     */
    static String paired(SpringStartupBench.Cell c, SpringStartupBench.Cell base, int index) {
        List<Double> d = pairedDiffs(c, base, index);
        if (d.isEmpty()) {
            return "n/a";
        }
        double mean = d.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (d.size() < 2) {
            return signed(mean);
        }
        double var = d.stream().mapToDouble(x -> sq(x - mean)).sum() / (d.size() - 1);
        return signed(median(d)) + " (" + signed(mean) + " ± " + fmt(Math.sqrt(var / d.size())) + ")";
    }

    private static List<Double> pairedDiffs(SpringStartupBench.Cell c, SpringStartupBench.Cell base, int index) {
        List<Double> d = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : c.byRound.entrySet()) {
            double[] other = base.byRound.get(e.getKey());
            if (other != null && !Double.isNaN(e.getValue()[index]) && !Double.isNaN(other[index])) {
                d.add(e.getValue()[index] - other[index]);
            }
        }
        return d;
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "") + fmt(v);
    }

    /** The no-agent run of the same kind of archive (for an agent-trained archive: the one trained without the agent). */
    private SpringStartupBench.Cell springBase(SpringStartupBench.Cell c) {
        String mode = c.mode.agentTrained ? c.mode.name.replace("-agent-trained", "") : c.mode.name;
        return spring.cell(mode, Variant.BASELINE);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private double retainedAdded(String variant, String delta, String count) {
        return meanPer(retained.get(variant), delta, count) - meanPer(retained.get(Variant.BASELINE), delta, count);
    }

    private static double meanPer(List<Map<String, Long>> runs, String delta, String count) {
        return runs.stream().mapToDouble(m -> (double) m.get(delta) / m.get(count)).average().orElse(Double.NaN);
    }

    private static String range(List<Map<String, Long>> runs, String delta, String count) {
        double min = runs.stream().mapToDouble(m -> (double) m.get(delta) / m.get(count)).min().orElse(Double.NaN);
        double max = runs.stream().mapToDouble(m -> (double) m.get(delta) / m.get(count)).max().orElse(Double.NaN);
        return fmt(meanPer(runs, delta, count)) + " (" + fmt(min) + ".." + fmt(max) + ")";
    }

    private Row find(String sectionPrefix, String caseName, int threads, String variant) {
        for (Row r : rows) {
            if (r.section.startsWith(sectionPrefix) && r.case_.endsWith(caseName) && r.threads == threads && r.variant.equals(variant)) {
                return r;
            }
        }
        return null;
    }

    private static void goal(StringBuilder b, String goal, String measured, Boolean met) {
        String verdict = met == null ? "inconclusive (error larger than the effect)" : met ? "yes" : "**no**";
        b.append("| ").append(goal).append(" | ").append(measured).append(" | ").append(verdict).append(" |\n");
    }

    private static double cpuNormalised(double addedNs, int threads) {
        return addedNs * Math.min(threads, CORES) / threads;
    }

    private static double err(Row a, Row b) {
        return Math.sqrt(sq(nanToZero(a.error)) + sq(nanToZero(b.error)));
    }

    private static String ratio(Row r, Row base) {
        double q = r.score / base.score;
        double e = q * Math.sqrt(sq(nanToZero(r.error) / r.score) + sq(nanToZero(base.error) / base.score));
        return fmt2(q) + " ± " + fmt2(e);
    }

    private static String ns(double v, double e) {
        return pm(v, e) + " ns";
    }

    private static String pm(double v, double e) {
        return Double.isNaN(e) ? fmt(v) : fmt(v) + " ± " + fmt(e);
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double nanToZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    private static double sq(double d) {
        return d * d;
    }

    private static String fmt(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static String fmt2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String loadAverage() {
        try {
            String[] f = new String(Files.readAllBytes(Paths.get("/proc/loadavg"))).trim().split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toString();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
