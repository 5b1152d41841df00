package io.conntrack.bench;

import java.util.ArrayList;
import java.util.List;

/** One way of running a forked JVM: no agent, the agent in some mode, or HikariCP's own leak detection. */
final class Variant {

    static final String BASELINE = "baseline";
    static final String CONNTRACK_DEFAULT = "conntrack-default";
    static final String NOOP_AGENT = "noop-agent";

    final String name;
    final String description;
    final List<String> jvmArgs;

    private Variant(String name, String description, List<String> jvmArgs) {
        this.name = name;
        this.description = description;
        this.jvmArgs = jvmArgs;
    }

    static Variant baseline() {
        return new Variant(BASELINE, "no agent", List.of("-D" + AgentProbe.VARIANT_PROPERTY + "=" + BASELINE));
    }

    static Variant hikariLeakDetection() {
        return new Variant("hikari-leak", "no agent, HikariCP leakDetectionThreshold=60s",
                List.of("-D" + AgentProbe.VARIANT_PROPERTY + "=hikari-leak", "-D" + HikariPool.LEAK_DETECTION_PROPERTY + "=60000"));
    }

    /** The agent with {@code options} ("" for the defaults); dumps go to {@code dumpDir}, never the working directory. */
    static Variant conntrack(String name, String description, String agentJar, String options, String dumpDir) {
        String all = options.isEmpty() ? "dumpDir=" + dumpDir : options + ",dumpDir=" + dumpDir;
        List<String> args = new ArrayList<>();
        args.add("-D" + AgentProbe.VARIANT_PROPERTY + "=" + name);
        args.add("-javaagent:" + agentJar + "=" + all);
        return new Variant(name, description, List.copyOf(args));
    }

    /** A Java agent that registers a transformer doing nothing ({@link NoopAgent}): what any transforming agent costs. */
    static Variant noopAgent(String agentJar) {
        return new Variant(NOOP_AGENT, "an agent whose transformer returns at once (the floor of any transforming agent)",
                List.of("-D" + AgentProbe.VARIANT_PROPERTY + "=" + NOOP_AGENT, "-javaagent:" + agentJar));
    }

    @Override
    public String toString() {
        return name;
    }
}
