package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.HikariScenario;
import com.acme.scenarios.NoBootDelegationScenario;
import io.conntrack.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class loader that cannot link the bridge gets Byte Buddy's self-suppressing advice: nothing breaks.
 * Byte Buddy lives in a jar inside the agent jar, read only then; a JVM that never needs it never reads it.
 */
class NoBootDelegationIT {

    @TempDir
    Path dir;

    @Test
    void aLoaderThatCannotSeeTheBridgeRunsAsWithoutTheAgent() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ChildJvm.Result r = ChildJvm.main(NoBootDelegationScenario.class).agentArgs("debug=true")
                .jvmArg("-Djava.io.tmpdir=" + tmp).run().assertOk();
        assertTrue(r.stdout.contains("BRIDGE-VISIBLE-TO-DRIVER false"), r.toString());
        assertTrue(r.stdout.contains("ROWS 5"), r.toString());
        assertTrue(r.stderr.contains("instrumented org.h2.Driver"), "the driver is instrumented all the same\n" + r);
        assertFalse(r.stderr.contains("could not instrument"), r.stderr);
        assertFalse(r.stderr.contains("ERROR"), r.stderr);
        assertEquals(List.of(), list(tmp), "Byte Buddy's jar, copied out to be read, is deleted");
    }

    @Test
    void byteBuddyIsNotReadWhenNoClassNeedsIt() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("class-load.log");
        ChildJvm.main(HikariScenario.class).jvmArg("-Djava.io.tmpdir=" + tmp, "-Xlog:class+load=info:file=" + log)
                .run().assertOk();
        List<String> byteBuddy = Files.readAllLines(log).stream()
                .filter(l -> l.contains(" io.conntrack.shaded.net.bytebuddy.") && !l.contains(" io.conntrack.shaded.net.bytebuddy.jar.asm."))
                .collect(Collectors.toList());
        assertEquals(List.of(), byteBuddy, "only Byte Buddy's ASM, which the weaver uses, is loaded");
        assertEquals(List.of(), list(tmp));
    }

    @Test
    void theAgentJarKeepsByteBuddyInOneEntry() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            assertTrue(jar.getJarEntry("inst/byte-buddy.jar") != null, "no inst/byte-buddy.jar");
            long entries = jar.stream().count();
            assertTrue(entries < 400, "the agent jar has " + entries + " entries");
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("inst/io/conntrack/shaded/net/bytebuddy/")
                    && !e.getName().startsWith("inst/io/conntrack/shaded/net/bytebuddy/jar/asm/")), "Byte Buddy classes outside its jar");
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.collect(Collectors.toList());
        }
    }
}
