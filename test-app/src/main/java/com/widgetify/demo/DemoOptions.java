package com.widgetify.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How to run the demo. */
public final class DemoOptions {

    /** The service's agent options: warn before the pool of 10 runs dry, flag holds over 2 s, dump often. */
    public static final String AGENT_OPTIONS = "totalLimit=8,holdThreshold=2s,dumpInterval=3s";
    public static final long HOLD_THRESHOLD_MILLIS = 2000;
    /** A modest heap, as a small service would have: leaked proxies are collected within seconds. */
    static final List<String> SERVICE_HEAP = Arrays.asList("-Xmx64m", "-Xmn8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** The agent jar, or null for a run without ConnTrack. */
    public final Path agentJar;
    public final long loadMillis;
    public final Path workDir;
    public final String classPath;
    /** ConnTrack's {@code reclaim} option for the run: off (the outage), lost or abandoned. */
    public final String reclaim;

    public DemoOptions(Path agentJar, long loadMillis, Path workDir, String classPath) {
        this(agentJar, loadMillis, workDir, classPath, "off");
    }

    public DemoOptions(Path agentJar, long loadMillis, Path workDir, String classPath, String reclaim) {
        this.agentJar = agentJar;
        this.loadMillis = loadMillis;
        this.workDir = workDir;
        this.classPath = classPath;
        this.reclaim = reclaim;
    }

    public boolean reclaims() {
        return withAgent() && !reclaim.equals("off");
    }

    public boolean withAgent() {
        return agentJar != null;
    }

    public Path dumpDir() {
        return workDir.resolve("dumps");
    }

    /** The service JVM's options: heap, and the agent with its options when it is on. */
    public List<String> serviceJvmOptions() {
        List<String> out = new ArrayList<>(SERVICE_HEAP);
        if (withAgent()) {
            out.add(agentFlag());
        }
        return out;
    }

    public String agentFlag() {
        return "-javaagent:" + agentJar + "=" + AGENT_OPTIONS + (reclaim.equals("off") ? "" : ",reclaim=" + reclaim)
                + ",dumpDir=" + dumpDir();
    }

    /** {@code [--no-agent] [--agent jar] [--seconds N] [--work-dir dir] [--reclaim off|lost|abandoned]}. */
    public static DemoOptions parse(String[] args) {
        Path agent = Path.of("agent/target/conntrack-agent.jar");
        boolean noAgent = false;
        long seconds = 15;
        Path workDir = Path.of("test-app/target/demo");
        String reclaim = "off";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-agent": noAgent = true; break;
                case "--agent": agent = Path.of(value(args, ++i)); break;
                case "--seconds": seconds = Long.parseLong(value(args, ++i)); break;
                case "--work-dir": workDir = Path.of(value(args, ++i)); break;
                case "--reclaim": reclaim = value(args, ++i); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: DemoRunner [--no-agent] [--agent jar] [--seconds N] [--work-dir dir] [--reclaim off|lost|abandoned]");
            }
        }
        if (seconds < 5 || seconds > 120) {
            throw new IllegalArgumentException("--seconds must be 5 to 120");
        }
        if (!List.of("off", "lost", "abandoned").contains(reclaim)) {
            throw new IllegalArgumentException("--reclaim must be off, lost or abandoned (ConnTrack's reclaim option), not " + reclaim);
        }
        if (noAgent && !reclaim.equals("off")) {
            throw new IllegalArgumentException("--reclaim needs the agent: drop --no-agent");
        }
        if (!reclaim.equals("off") && workDir.equals(Path.of("test-app/target/demo"))) {
            workDir = workDir.resolve("reclaim-" + reclaim); // beside the outage run's files, not over them
        }
        return new DemoOptions(noAgent ? null : agent.toAbsolutePath().normalize(), seconds * 1000,
                workDir.toAbsolutePath().normalize(), System.getProperty("java.class.path"), reclaim);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
