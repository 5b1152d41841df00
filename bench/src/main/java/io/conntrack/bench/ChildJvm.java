package io.conntrack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Benchmarks 5b, 6 and 7: whole child JVMs per variant (retained heap; start-up wall time and agent counters). */
final class ChildJvm {

    private static final long TIMEOUT_SECONDS = 400; // marking 1,000 callsites one retransformation at a time takes minutes
    private final Path logDir;
    private int runs;

    ChildJvm(Path out) throws IOException {
        this.logDir = Files.createDirectories(out.resolve("child-logs"));
    }

    /** Variant name to the RESULT lines of each repetition. */
    Map<String, List<Map<String, Long>>> retainedMemory(List<Variant> variants, int repetitions, int open, int sites)
            throws Exception {
        Map<String, List<Map<String, Long>>> results = new LinkedHashMap<>();
        for (int rep = 0; rep < repetitions; rep++) {
            for (Variant v : variants) {
                List<String> cmd = javaCommand(v, List.of("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"));
                cmd.add(RetainedMemory.class.getName());
                cmd.add(Integer.toString(open));
                cmd.add(Integer.toString(sites));
                System.out.println("[bench] retained memory, variant=" + v.name + " repetition " + (rep + 1));
                results.computeIfAbsent(v.name, k -> new ArrayList<>()).add(run(cmd, "retained-" + v.name).results);
            }
        }
        return results;
    }

    /** Start-up: rounds of whole-process wall times per variant, interleaved, plus one counter-printing run per variant. */
    Startup startup(List<Variant> variants, int rounds) throws Exception {
        Startup s = new Startup();
        for (Variant v : variants) { // warm the OS page cache; not measured
            run(startupCommand(v, false), "startup-warm-" + v.name);
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get((i + round) % variants.size());
                Outcome o = run(startupCommand(v, false), "startup-" + v.name);
                s.millis.computeIfAbsent(v.name, k -> new ArrayList<>()).add(o.wallNanos / 1e6);
                Long cpu = o.results.get("cpuNanos");
                s.cpuMillis.computeIfAbsent(v.name, k -> new ArrayList<>()).add(cpu == null ? Double.NaN : cpu / 1e6);
            }
        }
        System.out.println("[bench] start-up: " + rounds + " rounds of " + variants);
        for (Variant v : variants) {
            s.counters.put(v.name, run(startupCommand(v, true), "startup-counters-" + v.name).results);
        }
        return s;
    }

    static final class Startup {
        final Map<String, List<Double>> millis = new LinkedHashMap<>();
        final Map<String, List<Double>> cpuMillis = new LinkedHashMap<>();
        final Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
    }

    private List<String> startupCommand(Variant v, boolean print) {
        List<String> cmd = javaCommand(v, List.of());
        cmd.add(StartupProbe.class.getName());
        if (print) {
            cmd.add("print");
        }
        return cmd;
    }

    private static List<String> javaCommand(Variant v, List<String> heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(heap);
        cmd.addAll(v.jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return cmd;
    }

    /** One child JVM's run: its wall time, exit code, log file and RESULT lines. */
    static final class Outcome {
        long wallNanos;
        int exitCode;
        Path log;
        final Map<String, Long> results = new LinkedHashMap<>();
    }

    /** The log directory ({@code child-logs} in the output folder). */
    Path logDir() {
        return logDir;
    }

    private Outcome run(List<String> cmd, String name) throws Exception {
        Outcome o = tryRun(cmd, name);
        if (o.exitCode != 0) {
            throw new IllegalStateException(name + " exited with " + o.exitCode + "; see " + o.log);
        }
        return o;
    }

    /** Runs a child JVM with its output in child-logs/NAME-N.log; a non-zero exit is returned, not thrown (a time-out is). */
    Outcome tryRun(List<String> cmd, String name) throws Exception {
        Path log = logDir.resolve(name + "-" + (++runs) + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + TIMEOUT_SECONDS + " s; see " + log);
        }
        Outcome o = new Outcome();
        o.wallNanos = System.nanoTime() - start;
        o.exitCode = p.exitValue();
        o.log = log;
        if (o.exitCode != 0) {
            return o;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("RESULT ")) {
                String[] kv = line.substring(7).split("=", 2);
                o.results.put(kv[0], Long.parseLong(kv[1].trim()));
            }
        }
        return o;
    }
}
