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

    public DemoOptions(Path agentJar, long loadMillis, Path workDir, String classPath) {
        this.agentJar = agentJar;
        this.loadMillis = loadMillis;
        this.workDir = workDir;
        this.classPath = classPath;
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
        return "-javaagent:" + agentJar + "=" + AGENT_OPTIONS + ",dumpDir=" + dumpDir();
    }

    /** {@code [--no-agent] [--agent jar] [--seconds N] [--work-dir dir]}. */
    public static DemoOptions parse(String[] args) {
        Path agent = Path.of("agent/target/conntrack-agent.jar");
        boolean noAgent = false;
        long seconds = 15;
        Path workDir = Path.of("test-app/target/demo");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-agent": noAgent = true; break;
                case "--agent": agent = Path.of(value(args, ++i)); break;
                case "--seconds": seconds = Long.parseLong(value(args, ++i)); break;
                case "--work-dir": workDir = Path.of(value(args, ++i)); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: DemoRunner [--no-agent] [--agent jar] [--seconds N] [--work-dir dir]");
            }
        }
        if (seconds < 5 || seconds > 120) {
            throw new IllegalArgumentException("--seconds must be 5 to 120");
        }
        return new DemoOptions(noAgent ? null : agent.toAbsolutePath().normalize(), seconds * 1000,
                workDir.toAbsolutePath().normalize(), System.getProperty("java.class.path"));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
