package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.security.SecretsScenario;
import io.conntrack.testsupport.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unique password handed to JDBC in every form never reaches any output: stdout, stderr, any dump
 * file, nor any JFR event the agent emits or that passes through its code.
 */
class SecretsIT {

    @TempDir
    Path tmp;

    @Test
    void aPlantedPasswordAppearsInNoOutputChannel() throws Exception {
        String secret = "S3cr3t" + UUID.randomUUID().toString().replace("-", "");
        Path secretFile = Files.writeString(tmp.resolve("secret.txt"), secret);
        Path dumps = tmp.resolve("dumps");
        Path jfr = tmp.resolve("run.jfr");
        ChildJvm.Result r = ChildJvm.main(SecretsScenario.class)
                .agentArgs("stacks=all,debug=true,holdThreshold=1s,dumpInterval=1s,dumpDir=" + dumps)
                .jvmArg("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile")
                .args(secretFile.toString(), dumps.toString()).run().assertOk();
        assertTrue(r.stdout.contains("APP done true"), r.toString());

        List<Path> files;
        try (Stream<Path> s = Files.list(dumps)) {
            files = s.collect(Collectors.toList());
        }
        List<String> triggers = files.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        for (String t : new String[] {"-leak.", "-holdThreshold.", "-onDemand.", "-exit."}) {
            assertTrue(triggers.stream().anyMatch(n -> n.contains(t)), "expected a " + t + " dump: " + triggers + "\n" + r);
        }
        assertTrue(r.stderr.contains("[conntrack]"), "debug output expected on stderr");

        List<String> probe = new ArrayList<>();
        check("probe", ("x" + secret + "y").getBytes(StandardCharsets.UTF_16LE), secret, probe);
        assertEquals(1, probe.size(), "the search itself must find a planted secret");

        List<String> leaks = new ArrayList<>();
        check("stdout", r.stdout.getBytes(StandardCharsets.UTF_8), secret, leaks);
        check("stderr", r.stderr.getBytes(StandardCharsets.UTF_8), secret, leaks);
        for (Path f : files) {
            check(f.toString(), Files.readAllBytes(f), secret, leaks);
        }
        assertTrue(Files.size(jfr) > 0, "no JFR recording");
        leaks.addAll(jfrEventsFromTheAgentWith(jfr, secret));
        assertTrue(leaks.isEmpty(), "the password leaked into " + leaks);
    }

    /**
     * Events of the recording that carry the secret and come from the agent: its own event types, or
     * any event whose stack passes through io.conntrack. (The JDK records some of the application's
     * own strings, e.g. exception messages on JDK 25; those are the application's, not the agent's.)
     */
    private static List<String> jfrEventsFromTheAgentWith(Path jfr, String secret) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        int withSecret = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String text = e.toString();
            if (!text.contains(secret)) {
                continue;
            }
            withSecret++;
            String type = e.getEventType().getName();
            boolean agentFrame = e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                    .anyMatch(f -> f.getMethod().getType().getName().startsWith("io.conntrack."));
            if (type.toLowerCase(java.util.Locale.ROOT).contains("conntrack") || agentFrame) {
                out.add("JFR event " + type);
            }
            System.out.println("[harden] JFR event with the application's secret (not from the agent): " + type);
        }
        System.out.println("[harden] JFR events carrying the secret: " + withSecret + ", from the agent: " + out.size());
        return out;
    }

    /** Looks for the secret, and for its most telling part, as UTF-8/Latin-1 and as UTF-16 (JFR may use either). */
    private static void check(String channel, byte[] content, String secret, List<String> leaks) {
        String tail = secret.substring(6, 26);
        for (String needle : new String[] {secret, tail}) {
            for (java.nio.charset.Charset cs : new java.nio.charset.Charset[] {
                StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE}) {
                if (indexOf(content, needle.getBytes(cs)) >= 0) {
                    leaks.add(channel + " (" + cs + ")");
                    return;
                }
            }
        }
        assertFalse(channel.isEmpty());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
