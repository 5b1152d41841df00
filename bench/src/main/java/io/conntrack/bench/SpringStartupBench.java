package io.conntrack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmark 7: start-up of a Spring Boot application of real size (the bench-spring module: Spring MVC on
 * Tomcat, Spring Data JPA with Hibernate, HikariCP, H2; some 16,000 classes), from JVM start to its first
 * served HTTP response, without and with the agent. Each is run without an application class archive, with
 * an AppCDS archive ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}) and, on JDK 24+,
 * with an AOT cache ({@code -XX:AOTMode=record}, {@code create}, then {@code -XX:AOTCache}); the archives are
 * trained without the agent and used by both variants. A full run also trains one archive of each kind with
 * the agent and runs the agent on it. Rounds are interleaved (mode by mode, variant order rotated per round).
 * One more run per archived mode and variant logs {@code -Xlog:class+load} to count where classes came from.
 */
final class SpringStartupBench {

    static final String EXIT_FLAG = "--conntrack.bench.exitAfterFirstRequest";

    /** How the JVM gets (or not) an archive of the application's classes. */
    static final class Mode {
        final String name;
        final String description;
        final boolean agentTrained;
        final List<String> recordArgs; // the training run (empty: no archive)
        final List<String> createArgs; // a second, non-running step (null: none)
        final List<String> useArgs;

        Mode(String name, String description, boolean agentTrained, List<String> recordArgs, List<String> createArgs,
                List<String> useArgs) {
            this.name = name;
            this.description = description;
            this.agentTrained = agentTrained;
            this.recordArgs = recordArgs;
            this.createArgs = createArgs;
            this.useArgs = useArgs;
        }

        boolean archived() {
            return !recordArgs.isEmpty();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The measurements of one mode and variant. */
    static final class Cell {
        final Mode mode;
        final Variant variant;
        final List<Double> firstResponseMillis = new ArrayList<>();
        final List<Double> cpuMillis = new ArrayList<>();
        final List<Double> processMillis = new ArrayList<>();
        final List<Double> loadedClasses = new ArrayList<>();
        /** Round number to {time to first response, CPU} ms: rounds are interleaved, so a row pairs with its baseline round by round. */
        final Map<Integer, double[]> byRound = new LinkedHashMap<>();
        /** From the -Xlog:class+load run: category to count (empty when not counted). */
        final Map<String, Long> sources = new LinkedHashMap<>();
        /** The agent's counters (classesSeen, ...) from the counting run, or the last timed run. */
        final Map<String, Long> counters = new LinkedHashMap<>();
        /** JVM [error] lines about the archive (cds/aot tags), distinct, without the uptime decoration. */
        final Set<String> archiveMessages = new LinkedHashSet<>();
        String failure; // null when every run exited 0
        String warning; // e.g. the agent ran but tracked no connection

        Cell(Mode mode, Variant variant) {
            this.mode = mode;
            this.variant = variant;
        }
    }

    /** What the report renders. */
    static final class Results {
        final List<Mode> modes = new ArrayList<>();
        final List<Cell> cells = new ArrayList<>();
        final Map<String, String> trainingFailures = new LinkedHashMap<>();
        /** Per mode: the JVM's warnings and archive errors while training (e.g. why it archived less). */
        final Map<String, Set<String>> trainingMessages = new LinkedHashMap<>();
        String app;
        int rounds;
        int javaFeature;

        Cell cell(String mode, String variant) {
            for (Cell c : cells) {
                if (c.mode.name.equals(mode) && c.variant.name.equals(variant)) {
                    return c;
                }
            }
            return null;
        }
    }

    private final ChildJvm child;
    private final Path appJar;
    private final Path agentJar;
    private final Path archiveDir;

    SpringStartupBench(ChildJvm child, Path appJar, Path agentJar, Path out) throws IOException {
        this.child = child;
        this.appJar = appJar;
        this.agentJar = agentJar;
        this.archiveDir = Files.createDirectories(out.resolve("spring-archives"));
    }

    /**
     * {@code full}: also the agent-trained archives, and the class-source count without an archive (the quick
     * run counts the archived modes only). {@code floor}: another agent, run beside ConnTrack where the
     * archive allows it (no archive, AppCDS): what any transforming agent costs.
     */
    Results run(Variant baseline, Variant agent, Variant floor, int rounds, boolean full) throws Exception {
        Results r = new Results();
        r.rounds = rounds;
        r.javaFeature = Runtime.version().feature();
        r.app = appJar.toString();
        String jsa = archiveDir.resolve("app.jsa").toString();
        r.modes.add(new Mode("no-archive", "no application archive (the JDK's default CDS archive only)", false,
                List.of(), null, List.of()));
        r.modes.add(new Mode("appcds", "AppCDS archive trained without the agent", false,
                List.of("-XX:ArchiveClassesAtExit=" + jsa), null, List.of("-XX:SharedArchiveFile=" + jsa)));
        boolean aot = r.javaFeature >= 24;
        if (aot) {
            String conf = archiveDir.resolve("app.aotconf").toString();
            String cache = archiveDir.resolve("app.aot").toString();
            r.modes.add(new Mode("aot", "AOT cache trained without the agent", false,
                    List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf),
                    List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + cache),
                    List.of("-XX:AOTCache=" + cache)));
        }
        if (full && aot) {
            // Any -javaagent adds java.instrument to the boot layer, and JDK 24+ rejects an archive dumped without it
            // ("Mismatched values for property jdk.module.addmods"); trained with the module, the cache is accepted.
            String conf = archiveDir.resolve("app-addmods.aotconf").toString();
            String cache = archiveDir.resolve("app-addmods.aot").toString();
            String addmods = "--add-modules=java.instrument";
            r.modes.add(new Mode("aot-addmods", "AOT cache trained without the agent but with " + addmods
                    + " (so that the agent's run matches it); both variants run with it", false,
                    List.of(addmods, "-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf),
                    List.of(addmods, "-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + cache),
                    List.of(addmods, "-XX:AOTCache=" + cache)));
        }
        if (full) {
            String ajsa = archiveDir.resolve("app-agent.jsa").toString();
            // dumping with a Java agent needs a diagnostic flag (JDK 17 refuses without it)
            r.modes.add(new Mode("appcds-agent-trained", "AppCDS archive trained with the agent", true,
                    List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+AllowArchivingWithJavaAgent", "-XX:ArchiveClassesAtExit=" + ajsa),
                    null, List.of("-XX:SharedArchiveFile=" + ajsa)));
        }
        if (aot) {
            // The documented way (docs/design.md): train with the production command line, agent included. The
            // agent stays off while the JVM trains, so the cache keeps every class; it instruments them at premain.
            String conf = archiveDir.resolve("app-agent.aotconf").toString();
            String cache = archiveDir.resolve("app-agent.aot").toString();
            r.modes.add(new Mode("aot-agent-trained", "AOT cache trained with the agent on the command line", true,
                    List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf),
                    List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + cache),
                    List.of("-XX:AOTCache=" + cache)));
        }
        List<Mode> ready = new ArrayList<>();
        for (Mode m : r.modes) { // training also warms the OS page cache for the jars
            Set<String> notes = new LinkedHashSet<>();
            r.trainingMessages.put(m.name, notes);
            String failure = train(m, m.agentTrained ? agent : baseline, notes);
            if (failure != null) {
                r.trainingFailures.put(m.name, failure);
                if (!m.agentTrained) {
                    throw new IllegalStateException("training of " + m.name + " failed: " + failure);
                }
                continue;
            }
            ready.add(m);
            List<Variant> variants = m.agentTrained ? List.of(agent)
                    : m.name.startsWith("aot") ? List.of(baseline, agent) : List.of(baseline, agent, floor);
            for (Variant v : variants) {
                r.cells.add(new Cell(m, v));
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (Mode m : ready) {
                List<Cell> cells = new ArrayList<>();
                for (Cell c : r.cells) {
                    if (c.mode == m) {
                        cells.add(c);
                    }
                }
                for (int i = 0; i < cells.size(); i++) {
                    Cell c = cells.get((i + round) % cells.size());
                    if (c.failure != null) {
                        continue; // one failure is enough to report; don't repeat a crash
                    }
                    ChildJvm.Outcome o = child.tryRun(command(m, c.variant, m.useArgs, true, null),
                            "spring-" + m.name + "-" + c.variant.name);
                    if (!record(c, o)) {
                        continue;
                    }
                    Long first = o.results.get("firstResponseMillis");
                    Long cpu = o.results.get("cpuNanos");
                    Long loaded = o.results.get("loadedClasses");
                    c.firstResponseMillis.add(first == null ? Double.NaN : first.doubleValue());
                    c.cpuMillis.add(cpu == null ? Double.NaN : cpu / 1e6);
                    c.processMillis.add(o.wallNanos / 1e6);
                    c.loadedClasses.add(loaded == null ? Double.NaN : loaded.doubleValue());
                    c.byRound.put(round, new double[] {first == null ? Double.NaN : first, cpu == null ? Double.NaN : cpu / 1e6});
                    counters(c, o);
                }
            }
        }
        System.out.println("[bench] spring start-up: " + rounds + " rounds of " + ready + " x variants");
        for (Cell c : r.cells) { // where the classes came from: one extra, untimed run per archived mode and variant
            if (c.failure != null || (!c.mode.archived() && !full)) {
                continue;
            }
            Path classLog = child.logDir().resolve("classload-" + c.mode.name + "-" + c.variant.name + ".log");
            Files.deleteIfExists(classLog);
            ChildJvm.Outcome o = child.tryRun(command(c.mode, c.variant, c.mode.useArgs, true,
                    "-Xlog:class+load=info:file=" + classLog), "spring-classload-" + c.mode.name + "-" + c.variant.name);
            if (record(c, o)) {
                c.sources.putAll(classSources(classLog, agentJar));
                counters(c, o);
            }
        }
        return r;
    }

    /** Runs the training step(s) of an archived mode; null when done (or nothing to do), else why it failed. */
    private String train(Mode m, Variant v, Set<String> notes) throws Exception {
        if (!m.archived()) {
            return null;
        }
        System.out.println("[bench] spring start-up: training " + m.name);
        ChildJvm.Outcome o = child.tryRun(command(m, v, m.recordArgs, true, null), "spring-train-" + m.name);
        notes.addAll(archiveMessages(o.log));
        notes.addAll(vmWarnings(o.log));
        if (o.exitCode != 0) {
            return "training run exited with " + o.exitCode + " (" + o.log.getFileName() + ")";
        }
        if (m.createArgs != null) {
            o = child.tryRun(command(m, v, m.createArgs, false, null), "spring-create-" + m.name);
            notes.addAll(archiveMessages(o.log));
            notes.addAll(vmWarnings(o.log));
            if (o.exitCode != 0) {
                return "AOT cache creation exited with " + o.exitCode + " (" + o.log.getFileName() + ")";
            }
        }
        return null;
    }

    /** Notes the archive messages of a run; false (and the cell's failure) when the run did not exit 0. */
    private boolean record(Cell c, ChildJvm.Outcome o) throws IOException {
        c.archiveMessages.addAll(archiveMessages(o.log));
        if (o.exitCode == 0) {
            if (!o.results.containsKey("firstResponseMillis")) {
                throw new IllegalStateException("no RESULT firstResponseMillis line in " + o.log);
            }
            if (c.variant.name.startsWith("conntrack") && !o.results.containsKey("classesSeen")) {
                throw new IllegalStateException("variant " + c.variant.name + " ran without an active agent; see " + o.log);
            }
            return true;
        }
        String why = "exited with " + o.exitCode + (o.exitCode == 134 ? " (JVM crash: hs_err file beside the log)" : "")
                + "; see child-logs/" + o.log.getFileName();
        if (!c.mode.agentTrained) {
            throw new IllegalStateException("spring start-up, " + c.mode.name + ", " + c.variant.name + ": " + why);
        }
        c.failure = why;
        return false;
    }

    private static void counters(Cell c, ChildJvm.Outcome o) {
        for (String k : new String[] {"classesSeen", "classesMatched", "classesTransformed", "acquired"}) {
            if (o.results.containsKey(k)) {
                c.counters.put(k, o.results.get(k));
            }
        }
        Long acquired = o.results.get("acquired");
        if (acquired != null && acquired <= 0 && c.warning == null) {
            // not thrown: the table should still show the run; but it measured an agent that did nothing
            c.warning = "the agent was active but tracked no connection (acquired=" + acquired + ", classesSeen="
                    + o.results.get("classesSeen") + "): it missed the JDBC classes; see child-logs/" + o.log.getFileName();
            System.out.println("[bench] WARNING spring start-up, " + c.mode.name + ", " + c.variant.name + ": " + c.warning);
        }
    }

    private List<String> command(Mode m, Variant v, List<String> archiveArgs, boolean runApp, String extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:ErrorFile=" + child.logDir().resolve("hs_err_spring_%p.log"));
        cmd.addAll(archiveArgs);
        cmd.addAll(v.jvmArgs);
        if (extra != null) {
            cmd.add(extra);
        }
        cmd.add("-jar");
        cmd.add(appJar.toString());
        if (runApp) {
            cmd.add(EXIT_FLAG);
        }
        return cmd;
    }

    /** Counts -Xlog:class+load lines by source: archive, JDK modules, application jars, the agent's jar, generated. */
    static Map<String, Long> classSources(Path classLog, Path agentJar) throws IOException {
        Map<String, Long> n = new LinkedHashMap<>();
        for (String k : new String[] {"total", "archive", "jrt", "jars", "agent", "generated"}) {
            n.put(k, 0L);
        }
        if (!Files.exists(classLog)) {
            return n;
        }
        String agent = agentJar.toString();
        try (Stream<String> lines = Files.lines(classLog, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                int at = line.indexOf(" source: ");
                if (at < 0) {
                    return;
                }
                String source = line.substring(at + 9).trim();
                String kind;
                if (source.startsWith("shared objects file")) {
                    kind = "archive";
                } else if (source.startsWith("jrt:")) {
                    kind = "jrt";
                } else if (source.equals(agent) || source.endsWith(agent)) {
                    kind = "agent";
                } else if (source.startsWith("file:") || source.startsWith("jar:") || source.startsWith("/")) {
                    kind = "jars";
                } else {
                    kind = "generated"; // lambda forms, hidden classes, proxies: never in a jar
                }
                n.merge(kind, 1L, Long::sum);
                n.merge("total", 1L, Long::sum);
            });
        }
        return n;
    }

    /** "... VM warning: ..." lines (first 4 distinct) and, for a run that did not start, the JVM's own error lines. */
    private static List<String> vmWarnings(Path log) throws IOException {
        List<String> found = new ArrayList<>();
        if (log == null || !Files.exists(log)) {
            return found;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int at = line.indexOf("VM warning: ");
            String msg = at >= 0 ? line.substring(at + 12).trim()
                    : line.startsWith("Error occurred during") || line.startsWith("Must enable") ? line.trim() : null;
            if (msg != null && !found.contains(msg) && found.size() < 4) {
                found.add(msg);
            }
        }
        return found;
    }

    /** The JVM's own [error] lines tagged cds or aot (first 4 distinct, decorations stripped): why an archive was not used. */
    private static List<String> archiveMessages(Path log) throws IOException {
        List<String> found = new ArrayList<>();
        if (log == null || !Files.exists(log)) {
            return found;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int tag = line.indexOf("][error][");
            if (tag < 0) {
                continue;
            }
            String rest = line.substring(tag + 2);
            if (!(rest.startsWith("error][cds") || rest.startsWith("error][aot"))) {
                continue;
            }
            String msg = rest.substring(rest.indexOf(']', rest.indexOf('[') + 1) + 1).trim();
            if (!found.contains(msg) && found.size() < 4) {
                found.add(msg);
            }
        }
        return found;
    }
}
