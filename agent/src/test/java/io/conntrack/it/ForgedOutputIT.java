package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.acme.security.ForgedNamesScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names the application chooses cannot forge ConnTrack's output: a thread named
 * {@code "worker\n[conntrack] ERROR ..."} with terminal escapes, holding a connection past
 * holdThreshold=200ms, taken in a class whose source file name has a line break. The WARN line (through
 * Logback when the application has SLF4J, on stderr when not) stays one line, no line the agent did not
 * write starts with {@code [conntrack] ERROR}, the text dump holds no raw control character, and the JSON
 * dump keeps the names exactly.
 */
class ForgedOutputIT {

    private static final int LINE = 7;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "slf4j on the class path: {0}")
    @ValueSource(booleans = {true, false})
    void namesCannotForgeLinesOrEscapes(boolean slf4j) throws Exception {
        Path classes = generateDao(tmp.resolve("generated"));
        Path dumps = tmp.resolve("dumps");
        List<Path> classpath = new ArrayList<>();
        for (String e : ChildJvm.childClasspath().split(File.pathSeparator)) {
            if (slf4j || !(e.contains("slf4j") || e.contains("logback"))) {
                classpath.add(Paths.get(e));
            }
        }
        classpath.add(classes);
        ChildJvm.Result r = ChildJvm.main(ForgedNamesScenario.class).classpath(classpath)
                .agentArgs("holdThreshold=200ms,stacks=all,dumpDir=" + dumps).args(dumps.toString()).run().assertOk();
        assertTrue(r.stdout.contains("SCENARIO-DONE"), r.toString());

        String output = r.stdout + "\n" + r.stderr;
        List<String> lines = Arrays.asList(output.split("\n", -1));
        for (String line : lines) {
            if (line.startsWith("[conntrack] ERROR") || line.contains("(forged")) {
                if (!line.contains("\\n[conntrack] ERROR")) { // a forged line would start with it; escaped it is inside ours
                    fail("a line the agent did not write: " + line + "\n" + r);
                }
            }
        }
        assertNoRawControls("the child's output", output.replace("\n", ""));

        String escapedThread = "worker\\n[conntrack] ERROR ConnTrack is off (forged by a thread name)\\r\\u001b[2K"
                + "\\u2028[conntrack] ERROR forged after U+2028\\u0085[conntrack] ERROR forged after NEL\\t\\u009b31m\\u202eend";
        String escapedFrame = ForgedNamesScenario.DAO + ".open(Dao.java\\n[conntrack] ERROR forged by a source file name\\u001b[31m:"
                + LINE + ")";
        List<String> warnings = lines.stream().filter(l -> l.contains("ConnTrack holdThreshold: ")).collect(Collectors.toList());
        assertEquals(1, warnings.size(), r.toString());
        String warning = warnings.get(0);
        assertTrue(slf4j ? warning.matches(".* WARN +conntrack -+ ConnTrack holdThreshold: .*")
                : warning.startsWith("[conntrack] WARN ConnTrack holdThreshold: "), warning);
        assertTrue(warning.contains(" from " + escapedFrame + " by \"" + escapedThread + "\""), warning);
        assertTrue(warning.contains("; top callsite " + escapedFrame + " (open 1, leaked 0); dump "), warning);

        Path json = DumpFiles.single(dumps, "holdThreshold");
        String text = DumpFiles.text(json);
        assertNoRawControls("the text dump", text.replace("\n", ""));
        assertTrue(text.contains("\n#1 " + escapedFrame + "\n"), text);
        assertTrue(text.contains(" by \"" + escapedThread + "\" #"), text);
        assertTrue(text.contains("\n         at " + escapedFrame + "\n"), text);
        assertTrue(text.lines().noneMatch(l -> l.startsWith("[conntrack]")), text);

        // The JSON keeps the names as they are, escaped by JSON's own rules.
        JsonNode dump = DumpFiles.read(json);
        String frame = ForgedNamesScenario.DAO + ".open(" + ForgedNamesScenario.SOURCE_FILE + ":" + LINE + ")";
        JsonNode oldest = DumpFiles.callsite(dump, frame).get("oldestOpen").get(0);
        assertEquals(ForgedNamesScenario.THREAD, oldest.get("thread").asText());
        assertEquals(frame, dump.at("/trigger/callsite").asText());
    }

    /** No C0 or C1 control, DEL, line or paragraph separator or bidirectional override in {@code s}. */
    static void assertNoRawControls(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029' || c >= '\u202a' && c <= '\u202e') {
                fail(what + " holds the raw character U+" + String.format("%04X", (int) c) + " at " + i + ": "
                        + s.substring(Math.max(0, i - 80), Math.min(s.length(), i + 40)));
            }
        }
    }

    /**
     * {@code com.acme.forged.Dao} with {@code static Connection open(String url)} calling
     * {@code DriverManager.getConnection(url)} on line {@value #LINE}, compiled from a "source file"
     * whose name holds a line break and an escape (javac cannot produce that name; ASM can).
     */
    private static Path generateDao(Path dir) throws Exception {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        String name = ForgedNamesScenario.DAO.replace('.', '/');
        cw.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        cw.visitSource(ForgedNamesScenario.SOURCE_FILE, null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "open", "(Ljava/lang/String;)Ljava/sql/Connection;",
                null, new String[] {"java/sql/SQLException"});
        mv.visitCode();
        Label start = new Label();
        mv.visitLabel(start);
        mv.visitLineNumber(LINE, start);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/sql/DriverManager", "getConnection",
                "(Ljava/lang/String;)Ljava/sql/Connection;", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        Path file = dir.resolve(name + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, cw.toByteArray());
        return dir;
    }
}
