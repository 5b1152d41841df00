package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.PlainAppScenario;
import io.conntrack.testsupport.ChildJvm;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad option costs one error line; the application runs exactly as without the agent. */
class MalformedOptionsIT {

    @ParameterizedTest(name = "-javaagent:...={0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "limit=abc              | 'limit'         | 'abc'",
        "nonsense               | 'nonsense'      | 'nonsense'",
        "holdThreshold=5        | 'holdThreshold' | '5'",
        "config=/nonexistent/file | config        | '/nonexistent/file'",
        "limit=0                | 'limit'         | '0'",
        "stacks=some            | 'stacks'        | 'some'",
        "noSuchKey=1            | 'noSuchKey'     | unknown option",
        "limit=5,limit=6        | 'limit'         | twice",
    })
    void agentArgument(String agentArgs, String namesKey, String namesValue) throws Exception {
        assertAppUntouchedWithOneError(ChildJvm.main(PlainAppScenario.class).agentArgs(agentArgs).run(), namesKey, namesValue);
    }

    @ParameterizedTest(name = "-D{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "conntrack.limit=abc             | 'limit'  | 'abc'",
        "conntrack.config=/nonexistent/file | config | '/nonexistent/file'",
    })
    void systemProperty(String property, String namesKey, String namesValue) throws Exception {
        assertAppUntouchedWithOneError(ChildJvm.main(PlainAppScenario.class).jvmArg("-D" + property).run(), namesKey, namesValue);
    }

    private static void assertAppUntouchedWithOneError(ChildJvm.Result r, String namesKey, String namesValue) throws Exception {
        r.assertOk();
        assertTrue(r.stdout.contains("APP-START"), r.toString());
        assertTrue(r.stdout.contains("APP-DONE sum=6"), r.toString());
        List<String> errors = r.stderr.lines().filter(l -> l.startsWith("[conntrack] ERROR")).collect(Collectors.toList());
        assertEquals(1, errors.size(), r.toString());
        assertTrue(errors.get(0).contains(namesKey) && errors.get(0).contains(namesValue),
                "the error names " + namesKey + " and " + namesValue + ": " + errors.get(0));
        assertFalse(r.stderr.contains("[conntrack] tracking"), r.toString());
        assertEquals(1, r.stderr.lines().filter(l -> l.startsWith("[conntrack]")).count(), r.toString());
        assertTrue(r.stdout.contains(ChildJvm.SNAPSHOT_MARKER + "null"), "tracking must be off\n" + r);
    }
}
