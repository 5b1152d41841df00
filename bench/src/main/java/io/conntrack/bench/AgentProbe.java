package io.conntrack.bench;

import java.lang.reflect.Method;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's public API by reflection (the benchmarks are not compiled against it) and checks
 * that a forked JVM measures what its variant claims: with the agent, the benchmark's own callsite
 * must have been tracked; without it, the agent must be absent. A failed check fails the benchmark.
 */
public final class AgentProbe {

    /** The variant a forked JVM runs as; set by {@link BenchRunner} through {@code -Dbench.variant}. */
    public static final String VARIANT_PROPERTY = "bench.variant";

    private AgentProbe() {
    }

    /** ConnTrack.snapshotJson(), or null when the agent is not loaded or not active. */
    public static String snapshotJson() {
        try {
            Class<?> api = Class.forName("io.conntrack.ConnTrack", true, ClassLoader.getSystemClassLoader());
            Method active = api.getMethod("isActive");
            if (!(Boolean) active.invoke(null)) {
                return null;
            }
            return (String) api.getMethod("snapshotJson").invoke(null);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the ConnTrack API", e);
        }
    }

    /** A numeric field of the snapshot JSON, the first occurrence after {@code section} ("" for anywhere); -1 if absent. */
    public static long field(String json, String section, String name) {
        int from = section.isEmpty() ? 0 : json.indexOf("\"" + section + "\"");
        if (from < 0) {
            return -1;
        }
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find(from) ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Verifies the variant of this JVM: an agent variant must have tracked application acquisitions
     * from a callsite in this package; the baseline must have no agent. Prints one evidence line.
     */
    public static void verify(String benchmark) {
        String variant = System.getProperty(VARIANT_PROPERTY, "unknown");
        boolean expectAgent = variant.startsWith("conntrack");
        String json = snapshotJson();
        if (!expectAgent) {
            if (json != null) {
                throw new IllegalStateException(benchmark + ": variant " + variant + " must run without the agent, but it is active");
            }
            System.out.println("[bench] " + benchmark + " variant=" + variant + ": no agent (as expected)");
            return;
        }
        if (json == null) {
            throw new IllegalStateException(benchmark + ": variant " + variant + " needs the agent, but ConnTrack is not active");
        }
        long acquired = field(json, "application", "acquired");
        boolean ourCallsite = json.contains("\"io.conntrack.bench.");
        long transformed = field(json, "agent", "classesTransformed");
        System.out.println("[bench] " + benchmark + " variant=" + variant + ": application acquired=" + acquired
                + " closed=" + field(json, "application", "closed") + " open=" + field(json, "application", "open")
                + " callsites=" + field(json, "totals", "callsites") + " classesTransformed=" + transformed
                + " callsitesMarked=" + field(json, "agent", "callsitesMarked"));
        if (acquired <= 0 || !ourCallsite) {
            throw new IllegalStateException(benchmark + ": the agent did not track the benchmark's acquisitions "
                    + "(acquired=" + acquired + ", benchmark callsite seen=" + ourCallsite + "): it measured nothing");
        }
    }
}
