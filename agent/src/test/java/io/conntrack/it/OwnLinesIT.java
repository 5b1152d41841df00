package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.lines.LinesScenario;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The application's own stack traces are the same with the agent as without: no frame of a class the
 * agent touched reads "Unknown Source", in the application's exceptions or in a dump's holder stacks,
 * and the JVM prints no warning on the agent's account.
 */
class OwnLinesIT {

    private static final Class<?> S = LinesScenario.class;

    @Test
    void theApplicationsFramesKeepFileAndLine() throws Exception {
        ChildJvm.Result with = ChildJvm.main(S).agentArgs("holdThreshold=300ms").run().assertOk();
        ChildJvm.Result without = ChildJvm.main(S).withoutAgent().run().assertOk();

        List<String> frames = frames(with);
        assertEquals(frames(without), frames, "the exception's frames differ with the agent\n" + with);
        assertTrue(frames.contains("FRAME " + SourceLines.frame(S, "fail", "// THROWS")), with.toString());
        assertTrue(frames.contains("FRAME " + SourceLines.frame(S, "main", "// CALLS-FAIL")), with.toString());

        Path json = Paths.get(with.stdout.lines().filter(l -> l.startsWith("DUMP ")).findFirst().orElseThrow().substring(5));
        String text = DumpFiles.text(json);
        assertTrue(text.contains(SourceLines.frame(S, "pay", "// PAYING")), "the hog's stack now, with lines\n" + text);
        assertTrue(text.contains(SourceLines.frame(S, "holdWhilePaying", "// PAYS")), text);
        // (a lambda's hidden class has no source file with or without the agent)
        assertFalse(text.contains(S.getName() + ".") && text.matches("(?s).*\\Q" + S.getName() + "\\E\\.[\\w$]+\\(Unknown Source\\).*"), text);

        assertFalse(with.stderr.toLowerCase().contains("warning:"), "a JVM warning with the agent\n" + with.stderr);
        assertFalse(with.stdout.contains("Unknown Source"), with.stdout);
    }

    private static List<String> frames(ChildJvm.Result r) {
        return r.stdout.lines().filter(l -> l.startsWith("FRAME ")).collect(Collectors.toList());
    }
}
