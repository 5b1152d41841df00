package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.footprint.FootprintScenario;
import io.conntrack.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's own threads are few, named conntrack-*, daemon; it opens no port; the JVM still exits promptly. */
class FootprintIT {

    private static final long MAX_EXIT_MILLIS = 5_000;

    @TempDir
    Path tmp;

    @Test
    void agentThreadsAreFewNamedAndDaemon() throws Exception {
        Set<String> without = threads(ChildJvm.main(FootprintScenario.class).withoutAgent().args("1").run().assertOk());
        ChildJvm.Result r = ChildJvm.main(FootprintScenario.class).args("1").run().assertOk();
        List<String> added = r.stdout.lines().filter(l -> l.startsWith("THREAD "))
                .filter(l -> !without.contains(name(l))).collect(Collectors.toList());
        assertTrue(!added.isEmpty() && added.size() <= 2, "agent threads: " + added + "\n" + r);
        for (String t : added) {
            assertTrue(name(t).startsWith("conntrack-"), "not named conntrack-*: " + t);
            assertTrue(t.endsWith(" true"), "not a daemon: " + t);
        }
    }

    @Test
    void theAgentOpensNoPortUnlessAsked() throws Exception {
        ChildJvm.Result control = ChildJvm.main(FootprintScenario.class).args("1", "control").run().assertOk();
        String port = control.stdout.replaceAll("(?s).*CONTROL (\\d+).*", "$1");
        assertTrue(control.stdout.contains("LISTEN " + port + "\n"), "the port check does not see a listening socket\n" + control);

        Set<String> without = listens(ChildJvm.main(FootprintScenario.class).withoutAgent().args("1").run().assertOk());
        Set<String> with = listens(ChildJvm.main(FootprintScenario.class).args("1").run().assertOk());
        assertEquals(without, with);
        assertEquals(Set.of(), with);
    }

    @Test
    void theJvmExitsPromptlyWithDumpOnExitAndManyOpenConnections() throws Exception {
        Path dumps = tmp.resolve("dumps");
        ChildJvm.Result r = ChildJvm.main(FootprintScenario.class)
                .agentArgs("dumpOnExit=true,stacks=all,dumpDir=" + dumps).args("2000").run().assertOk();
        long exiting = Long.parseLong(r.stdout.replaceAll("(?s).*EXITING (\\d+).*", "$1").trim());
        long took = r.exitedAtMillis - exiting;
        System.out.println("[harden] exit with 2000 open connections and an exit dump took " + took + " ms");
        assertTrue(took < MAX_EXIT_MILLIS, "the JVM took " + took + " ms to exit\n" + r.stderr);
        try (Stream<Path> s = Files.list(dumps)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith("-exit.json")), "no exit dump");
        }
        assertTrue(r.stderr.contains("2000 application connection(s) still open at JVM exit")
                || r.stdout.contains("2000 application connection(s) still open at JVM exit"), r.toString());
    }

    private static Set<String> threads(ChildJvm.Result r) {
        return r.stdout.lines().filter(l -> l.startsWith("THREAD ")).map(FootprintIT::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String name(String threadLine) {
        return threadLine.substring("THREAD ".length(), threadLine.lastIndexOf(' '));
    }

    private static Set<String> listens(ChildJvm.Result r) {
        return r.stdout.lines().filter(l -> l.startsWith("LISTEN ")).collect(Collectors.toCollection(TreeSet::new));
    }
}
