package io.conntrack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark in every variant (forked JVMs side by side in one run) and writes JMH JSON per
 * run plus {@code results.md} into the output folder.
 * Usage: {@code java -cp benchmarks.jar io.conntrack.bench.BenchRunner quick|full --agent JAR --out DIR [--only 1,2,...]
 * [--spring-app JAR]} (benchmark 7's application, default bench-spring/target/bench-spring.jar).
 */
public final class BenchRunner {

    private final boolean quick;
    private final Path agentJar;
    private final Path out;
    private final Set<String> only;
    private final Path springApp;
    private final List<Row> rows = new ArrayList<>();
    private final Report report;

    private BenchRunner(boolean quick, Path agentJar, Path out, Set<String> only, Path springApp) {
        this.quick = quick;
        this.agentJar = agentJar;
        this.out = out;
        this.only = only;
        this.springApp = springApp;
        this.report = new Report(quick, agentJar);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path agent = null;
        Path out = Paths.get("bench/target/results");
        Set<String> only = new LinkedHashSet<>(Arrays.asList("1", "2", "3", "4", "5", "6", "7"));
        Path springApp = Paths.get("bench-spring/target/bench-spring.jar").toAbsolutePath().normalize();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "quick": quick = true; break;
                case "full": quick = false; break;
                case "--agent": agent = Paths.get(args[++i]).toAbsolutePath().normalize(); break;
                case "--out": out = Paths.get(args[++i]).toAbsolutePath().normalize(); break;
                case "--only": only = new LinkedHashSet<>(Arrays.asList(args[++i].split(","))); break;
                case "--spring-app": springApp = Paths.get(args[++i]).toAbsolutePath().normalize(); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (agent == null || !Files.isRegularFile(agent)) {
            throw new IllegalArgumentException("--agent must name the agent jar, got " + agent);
        }
        if (only.contains("7") && !Files.isRegularFile(springApp)) {
            throw new IllegalArgumentException("benchmark 7 needs the Spring Boot application " + springApp
                    + " (mvn -pl bench-spring package, as bench/run.sh does; or --spring-app JAR)");
        }
        Files.createDirectories(out);
        new BenchRunner(quick, agent, out, only, springApp).runAll();
    }

    private void runAll() throws Exception {
        String dumps = out.resolve("conntrack-dumps").toString();
        String jar = agentJar.toString();
        Variant baseline = Variant.baseline();
        Variant hikariLeak = Variant.hikariLeakDetection();
        Variant dflt = Variant.conntrack(Variant.CONNTRACK_DEFAULT, "agent, default options (stacks=sampled 1/1024)", jar, "", dumps);
        Variant all = Variant.conntrack("conntrack-stacks-all", "agent, stacks=all", jar, "stacks=all", dumps);
        Variant off = Variant.conntrack("conntrack-stacks-off", "agent, stacks=off", jar, "stacks=off", dumps);
        Variant walk = Variant.conntrack("conntrack-nomark", "agent, callsite.mark=false: a stack walk on every acquisition",
                jar, "callsite.mark=false", dumps);
        Variant reclaimLost = Variant.conntrack("conntrack-reclaim-lost", "agent, reclaim=lost: the pool's entry kept per acquisition",
                jar, "reclaim=lost", dumps);
        Variant noop = Variant.noopAgent(NoopAgent.writeJar(out).toString());
        report.variants(List.of(baseline, hikariLeak, dflt, reclaimLost, all, off, walk, noop));

        if (only.contains("1")) {
            jmh("1. Agent cost: acquire+close, no-I/O DataSource", "AgentCostBench.acquireClose", 1, true,
                    List.of(baseline, dflt, all, off, walk));
        }
        if (only.contains("1")) {
            jmh("1b. Stack walk alone (no agent): the floor of the agent's per-acquisition stack work",
                    "StackWalkBench.(firstFrame|firstFrameSmallBatch|fullStack|throwableOnly)", 1, true, List.of(baseline), 1);
        }
        if (only.contains("2")) {
            jmh("2. HikariCP + H2: getConnection()+close()", "HikariBench.borrowClose", 1, true,
                    List.of(baseline, hikariLeak, dflt, reclaimLost, all, off, walk));
        }
        if (only.contains("3")) {
            jmh("3. HikariCP + H2: borrow + SELECT 1 + close", "HikariBench.borrowSelect1", 1, true,
                    List.of(baseline, hikariLeak, dflt, off));
        }
        if (only.contains("4")) {
            String section = "4. Contention: no-I/O DataSource, one callsite vs 1,000 callsites";
            List<Variant> variants = quick ? List.of(baseline, dflt) : List.of(baseline, dflt, walk);
            jmh(section, "ContentionBench.(oneCallsite|manyCallsites)", 1, false, variants);
            if (!quick) {
                jmh(section, "ContentionBench.oneCallsite", 2, false, List.of(baseline, dflt));
            }
            jmh(section, "ContentionBench.(oneCallsite|manyCallsites)", 8, false, variants);
        }
        if (only.contains("5")) {
            report.retained(quick
                    ? new ChildJvm(out).retainedMemory(List.of(baseline, dflt), 1, 100_000, 50)
                    : new ChildJvm(out).retainedMemory(List.of(baseline, dflt, off, all), 1, 100_000, Callsites1000.COUNT));
        }
        if (only.contains("6")) {
            report.startup(new ChildJvm(out).startup(List.of(baseline, dflt, noop), quick ? 3 : 10));
        }
        if (only.contains("7") && Runtime.version().feature() < 17) {
            System.out.println("[bench] 7. skipped: Spring Boot 3 needs JDK 17+, this is " + Runtime.version());
        } else if (only.contains("7")) {
            report.spring(new SpringStartupBench(new ChildJvm(out), springApp, agentJar, out)
                    .run(baseline, dflt, noop, quick ? 1 : 10, !quick));
        }
        report.jmhRows(rows);
        Path md = out.resolve("results.md");
        Files.write(md, report.render().getBytes(StandardCharsets.UTF_8));
        System.out.println("[bench] wrote " + md);
        long empty = rows.stream().filter(r -> Double.isNaN(r.score) || r.score <= 0).count();
        if (rows.isEmpty() && (only.contains("1") || only.contains("2")) || empty > 0) {
            throw new IllegalStateException("missing results: " + empty + " empty rows of " + rows.size());
        }
    }

    private void jmh(String section, String method, int threads, boolean gc, List<Variant> variants)
            throws RunnerException, IOException {
        jmh(section, method, threads, gc, variants, quick ? 1 : 2);
    }

    private void jmh(String section, String method, int threads, boolean gc, List<Variant> variants, int forks)
            throws RunnerException, IOException {
        for (Variant v : variants) {
            String file = method.replaceAll("[^A-Za-z0-9]+", "_") + "-t" + threads + "-" + v.name + ".json";
            List<String> jvmArgs = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .include("io\\.conntrack\\.bench\\." + method + "$")
                    .threads(threads)
                    .forks(forks)
                    .warmupIterations(quick ? 2 : 3)
                    .warmupTime(TimeValue.milliseconds(quick ? 300 : 1000))
                    .measurementIterations(quick ? 3 : 4)
                    .measurementTime(TimeValue.milliseconds(quick ? 300 : 1000))
                    .jvmArgs(jvmArgs.toArray(new String[0]))
                    .jvmArgsAppend(v.jvmArgs.toArray(new String[0]))
                    .shouldFailOnError(true)
                    .result(out.resolve(file).toString())
                    .resultFormat(ResultFormatType.JSON);
            if (gc) {
                o.addProfiler(GCProfiler.class);
            }
            if (quick && method.contains("Stack")) {
                o.param("depth", "50"); // the smoke run keeps the deeper stack only
            }
            System.out.println("[bench] " + Instant.now() + " " + method + " threads=" + threads + " variant=" + v.name);
            Collection<RunResult> results = new Runner(o.build()).run();
            for (RunResult r : results) {
                String name = r.getParams().getBenchmark();
                String caseName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
                for (String key : r.getParams().getParamsKeys()) {
                    caseName += " " + key + "=" + r.getParams().getParam(key);
                }
                Result<?> p = r.getPrimaryResult();
                Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
                rows.add(new Row(section, caseName, threads, v.name, p.getScore(), p.getScoreError(), p.getScoreUnit(),
                        alloc == null ? Double.NaN : alloc.getScore(), alloc == null ? Double.NaN : alloc.getScoreError()));
            }
        }
    }
}
