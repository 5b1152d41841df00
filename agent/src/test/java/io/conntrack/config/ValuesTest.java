package io.conntrack.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "30s,30000", "2m,120000", "1h,3600000", "0s,0", "' 5S ',5000", "10MS,10", "0ms,0"})
    void durations(String value, long millis) throws ConfigException {
        assertEquals(millis, Values.durationMillis("holdThreshold", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "abc", "-1s", "1.5s", "s", "ms", "5 sec", "5d", "+5s", "99999999999999999999s"})
    void badDurationsNameKeyAndValue(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> Values.durationMillis("holdThreshold", value));
        assertTrue(e.getMessage().contains("'holdThreshold'") && e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void emptyValueSaysAValueIsNeeded() {
        ConfigException e = assertThrows(ConfigException.class, () -> Values.durationMillis("dumpInterval", "  "));
        assertTrue(e.getMessage().contains("'dumpInterval' needs a value"), e.getMessage());
    }

    @Test
    void rangesIncludeTheirBoundsOnly() throws ConfigException {
        assertEquals(1, Values.intInRange("limit", "1", 1, 1_000_000));
        assertEquals(1_000_000, Values.intInRange("limit", "1000000", 1, 1_000_000));
        for (String v : new String[] {"0", "1000001", "-3", "1e3", "0x10", "12345678901234567890"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> Values.intInRange("limit", v, 1, 1_000_000), v);
            assertTrue(e.getMessage().contains("a whole number from 1 to 1000000"), e.getMessage());
        }
    }

    @Test
    void booleansAcceptTheUsualSpellings() throws ConfigException {
        for (String t : new String[] {"true", "TRUE", "yes", "on"}) {
            assertTrue(Values.bool("debug", t), t);
        }
        for (String f : new String[] {"false", "No", "off"}) {
            assertFalse(Values.bool("debug", f), f);
        }
        assertThrows(ConfigException.class, () -> Values.bool("debug", "maybe"));
        assertThrows(ConfigException.class, () -> Values.bool("debug", "1"));
    }

    @Test
    void enumsIgnoreCaseAndListTheChoices() throws ConfigException {
        assertEquals(StackMode.ALL, Values.oneOf("stacks", "ALL", StackMode.class));
        assertEquals(StackMode.OFF, Values.oneOf("stacks", " off ", StackMode.class));
        ConfigException e = assertThrows(ConfigException.class, () -> Values.oneOf("stacks", "some", StackMode.class));
        assertTrue(e.getMessage().contains("one of off|sampled|all"), e.getMessage());
    }

    @Test
    void prefixesSplitOnColonOrSemicolonAndRejectNonNames() throws ConfigException {
        assertEquals(Arrays.asList("com.acme.dao.", "org.x.Y", "a$b"), Values.prefixes("callsite.skip", "com.acme.dao.: org.x.Y;;a$b"));
        assertEquals(0, Values.prefixes("callsite.skip", ":;").size());
        assertThrows(ConfigException.class, () -> Values.prefixes("callsite.skip", "com/acme"));
        assertThrows(ConfigException.class, () -> Values.prefixes("callsite.skip", "com.acme*"));
    }

    @Test
    void messagesNeverEchoControlCharactersOrHugeValues() {
        String huge = "x".repeat(5000);
        ConfigException e = assertThrows(ConfigException.class, () -> Values.intInRange("limit", huge, 1, 10));
        assertTrue(e.getMessage().length() < 400, e.getMessage());
        assertTrue(e.getMessage().contains("(5000 chars)"), e.getMessage());

        ConfigException c = assertThrows(ConfigException.class, () -> Values.intInRange("limit", "1\n[conntrack] fake\u001b", 1, 10));
        assertFalse(c.getMessage().contains("\n") || c.getMessage().contains("\u001b"), c.getMessage());
        // the one escaping function of every human-readable output (reporting.Printable)
        assertEquals("a\\tb\\ud800\\u007f", Values.printable("a\tb\ud800\u007f"));
        assertEquals("1\\n[conntrack] fake\\u001b", Values.printable("1\n[conntrack] fake\u001b"));
        assertEquals("x".repeat(80) + "...(81 chars)", Values.printable("x".repeat(81)));
        assertEquals("x".repeat(79) + "\ud83d\ude00...(83 chars)", Values.printable("x".repeat(79) + "\ud83d\ude00yy"),
                "never half a surrogate pair");
    }
}
