package io.conntrack.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {

    @TempDir
    Path dir;

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static ConfigException error(String args, Properties system) {
        return assertThrows(ConfigException.class, () -> ConfigParser.parse(args, system));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , ,"})
    void noOptionsMeanDefaults(String args) throws ConfigException {
        Config c = ConfigParser.parse(args, props("unrelated", "x", "conntrackish.limit", "abc"));
        Config d = Config.defaults();
        assertEquals(d.limit, c.limit);
        assertEquals(100, c.limit);
        assertEquals(0, c.totalLimit);
        assertEquals(60_000, c.holdThresholdMillis);
        assertEquals(60_000, c.dumpIntervalMillis);
        assertEquals(20, c.maxDumps);
        assertEquals(Paths.get("conntrack"), c.dumpDir);
        assertTrue(c.dumpOnExit);
        assertEquals(StackMode.SAMPLED, c.stacks);
        assertEquals(1024, c.stackSampleRate);
        assertEquals(5000, c.maxCallsites);
        assertTrue(c.enabled);
        assertEquals(ConfigParser.parse(null, new Properties()).limit, 100);
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        Config c = ConfigParser.parse("enabled=true,limit=7,totalLimit=9,holdThreshold=2m,dumpInterval=500ms,maxDumps=3,"
                + "dumpDir=/tmp/d,dumpOnExit=false,stacks=all,stacks.sampleRate=8,callsite.skip=a.b.:c.,"
                + "callsite.include=a.b.C,maxCallsites=10,debug=on,jfr=off,metrics=127.0.0.1:9404,metrics.topN=5", new Properties());
        assertEquals(7, c.limit);
        assertEquals(9, c.totalLimit);
        assertEquals(120_000, c.holdThresholdMillis);
        assertEquals(500, c.dumpIntervalMillis);
        assertEquals(3, c.maxDumps);
        assertEquals(Paths.get("/tmp/d"), c.dumpDir);
        assertFalse(c.dumpOnExit);
        assertEquals(StackMode.ALL, c.stacks);
        assertEquals(8, c.stackSampleRate);
        assertEquals(Arrays.asList("a.b.", "c."), c.callsiteSkip);
        assertEquals(Arrays.asList("a.b.C"), c.callsiteInclude);
        assertEquals(10, c.maxCallsites);
        assertTrue(c.debug);
        assertFalse(c.jfr);
        assertEquals("127.0.0.1:9404", c.metrics);
        assertEquals(5, c.metricsTopN);
    }

    @Test
    void unknownKeysAreNamed() {
        ConfigException e = error("limit=5,lmit=6", new Properties());
        assertTrue(e.getMessage().contains("unknown option 'lmit'"), e.getMessage());
    }

    @Test
    void unknownSystemPropertiesAreNoticedNotFatal() throws Exception {
        // -Dconntrack.* may belong to something else (or be a typo): one line at start, the agent still runs
        Config c = ConfigParser.parse("limit=5", props("conntrack.nosuch", "1"));
        assertEquals(5, c.limit);
        assertEquals(1, c.notices.size(), c.notices.toString());
        assertTrue(c.notices.get(0).contains("-Dconntrack.nosuch"), c.notices.get(0));
        assertTrue(ConfigParser.parse("", props("conntrack.version", "0.1.0")).notices.isEmpty(), "the agent's own property");
    }

    @Test
    void keysAreCaseSensitive() {
        assertTrue(error("Limit=5", new Properties()).getMessage().contains("unknown option 'Limit'"));
    }

    @Test
    void duplicateArgumentKeysAreRejected() {
        ConfigException e = error("limit=5,holdThreshold=1s,limit=6", new Properties());
        assertTrue(e.getMessage().contains("'limit' is given twice"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonsense", "=5", "limit", "limit=5,debug"})
    void optionsMustBeKeyValue(String args) {
        ConfigException e = error(args, new Properties());
        assertTrue(e.getMessage().contains("is not of the form key=value"), e.getMessage());
    }

    @Test
    void valuesMayContainEquals() throws ConfigException {
        assertEquals(Paths.get("/tmp/a=b"), ConfigParser.parse("dumpDir=/tmp/a=b", new Properties()).dumpDir);
    }

    @Test
    void argumentsBeatSystemPropertiesWhichBeatTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"),
                "limit=10\nholdThreshold=10s\nconntrack.maxDumps=7\ndumpInterval=1s\n");
        Config c = ConfigParser.parse("config=" + file + ",limit=30",
                props("conntrack.limit", "20", "conntrack.holdThreshold", "20s", "conntrack.dumpInterval", "2s"));
        assertEquals(30, c.limit);
        assertEquals(20_000, c.holdThresholdMillis);
        assertEquals(2_000, c.dumpIntervalMillis);
        assertEquals(7, c.maxDumps);
    }

    @Test
    void theFileMayBeNamedBySystemPropertyAndTheArgumentWins() throws Exception {
        Path a = Files.writeString(dir.resolve("a.properties"), "limit=11\n");
        Path b = Files.writeString(dir.resolve("b.properties"), "limit=22\n");
        assertEquals(11, ConfigParser.parse("", props("conntrack.config", a.toString())).limit);
        assertEquals(22, ConfigParser.parse("config=" + b, props("conntrack.config", a.toString())).limit);
    }

    /** Issue 29: as in the agent argument, a key given twice is an error, not the last one silently winning. */
    @Test
    void aKeyGivenTwiceInTheFileIsRejected() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "limit=5\nholdThreshold=1s\nlimit=6\n");
        assertEquals("config file '" + file + "': option 'limit' is given twice; give it once",
                error("config=" + file, new Properties()).getMessage());
        Path prefixed = Files.writeString(dir.resolve("p.properties"), "limit=5\nconntrack.limit=6\n");
        assertEquals("config file '" + prefixed + "': option 'limit' is given twice (as 'conntrack.limit' and 'limit'); give it once",
                error("config=" + prefixed, new Properties()).getMessage());
        Path named = Files.writeString(dir.resolve("n.properties"), "limit=5\n");
        assertTrue(error("", props("conntrack.config", Files.writeString(dir.resolve("s.properties"), "debug=true\ndebug=false\n")
                .toString())).getMessage().endsWith("option 'debug' is given twice; give it once"), "named by -Dconntrack.config too");
        assertEquals(5, ConfigParser.parse("config=" + named, new Properties()).limit);
    }

    /** Issue 29: a config file naming another config file is an error (it was silently dropped). */
    @Test
    void aConfigFileNamingAnotherIsRejected() throws Exception {
        Path other = Files.writeString(dir.resolve("other.properties"), "limit=9\n");
        for (String key : new String[] {"config", "conntrack.config"}) {
            Path file = Files.writeString(dir.resolve("c.properties"), "limit=5\n" + key + "=" + other + "\n");
            assertEquals("config file '" + file + "' names a config file itself (" + key + "=" + other
                    + "): options come from one file; put them in this one and remove that line",
                    error("config=" + file, new Properties()).getMessage());
        }
    }

    @Test
    void badValueInTheFileIsReportedLikeAnyOther() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "limit=lots\n");
        ConfigException e = error("config=" + file, new Properties());
        assertTrue(e.getMessage().contains("'lots'") && e.getMessage().contains("'limit'"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        ConfigException e = error("config=/nonexistent/file", new Properties());
        assertTrue(e.getMessage().contains("'/nonexistent/file' does not exist"), e.getMessage());
        assertTrue(error("config=" + dir, new Properties()).getMessage().contains("not a regular file"));
    }

    @Test
    void oversizedFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("big.properties"), "# padding\n".repeat(7000) + "limit=5\n");
        ConfigException e = error("config=" + file, new Properties());
        assertTrue(e.getMessage().contains("is larger than 65536 bytes"), e.getMessage());
    }

    @Test
    void unreadableFileIsReported() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.properties"), "limit=\\u12\n"); // malformed \\uXXXX escape
        ConfigException e = error("config=" + file, new Properties());
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() throws Exception {
        Path file = dir.resolve("bom.properties");
        Files.write(file, ("\uFEFFlimit=12\nholdThreshold=5s\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Config c = ConfigParser.parse("config=" + file, new Properties());
        assertEquals(12, c.limit);
        assertEquals(5_000, c.holdThresholdMillis);
    }

    @Test
    void aBinaryFileIsNamedAndCalledNotAText() throws Exception {
        Path file = Files.write(dir.resolve("conntrack.properties"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, '=', 1});
        String m = error("config=" + file, new Properties()).getMessage();
        assertTrue(m.startsWith("config file '" + file + "' is not a text config"), m);
        assertTrue(m.contains("UTF-8 .properties file with one key=value per line"), m);
        assertFalse(m.contains("unknown option"), m);
        // UTF-16, as some editors save "Unicode" text: NUL bytes between the letters
        Path utf16 = Files.write(dir.resolve("utf16.properties"), "limit=5\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        assertTrue(error("config=" + utf16, new Properties()).getMessage().contains("' is not a text config"));
    }

    @Test
    void messagesNameTheSourceOfTheBadOption() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "lmit=5\nholdThreshold=5\n");
        assertTrue(error("config=" + file, new Properties()).getMessage()
                .startsWith("config file '" + file + "': "), "file");
        Path bad = Files.writeString(dir.resolve("d.properties"), "holdThreshold=5\n");
        String m = error("config=" + bad, new Properties()).getMessage();
        assertEquals("config file '" + bad + "': invalid value '5' for option 'holdThreshold': expected a duration with a unit: "
                + "500ms, 30s, 2m or 1h (0 turns it off)", m);
        assertTrue(error("limit=abc", new Properties()).getMessage().startsWith("agent argument: invalid value 'abc' for option 'limit'"));
        assertTrue(error("", props("conntrack.limit", "abc")).getMessage()
                .startsWith("system property -Dconntrack.limit: invalid value 'abc'"));
        // a file key overridden by the argument is reported where it came from
        assertTrue(error("config=" + bad + ",holdThreshold=7", new Properties()).getMessage().startsWith("agent argument: "));
    }

    @Test
    void overlongArgumentIsRefused() {
        ConfigException e = error("limit=1," + "x".repeat(70_000), new Properties());
        assertTrue(e.getMessage().contains("at most 65536 are read"), e.getMessage());
    }

    @Test
    void disabledStillValidatesTheRest() {
        assertThrows(ConfigException.class, () -> ConfigParser.parse("enabled=false,limit=abc", new Properties()));
    }

    @Test
    void reclaimIsOffByDefaultAndReadsItsModesAndDelay() throws ConfigException {
        Config d = Config.defaults();
        assertEquals(ReclaimMode.OFF, d.reclaim);
        assertEquals(300_000, d.reclaimAfterMillis);
        Config c = ConfigParser.parse("reclaim=abandoned,reclaimAfter=90s", new Properties());
        assertEquals(ReclaimMode.ABANDONED, c.reclaim);
        assertEquals(90_000, c.reclaimAfterMillis);
        assertEquals("abandoned", c.describe().get("reclaim"));
        assertEquals("90s", c.describe().get("reclaimAfter"));
        assertEquals(ReclaimMode.LOST, ConfigParser.parse(null, props("conntrack.reclaim", "LOST")).reclaim);
    }

    @Test
    void badReclaimValuesNameTheOptionAndWhatIsAllowed() {
        ConfigException mode = error("reclaim=yes", new Properties());
        assertEquals("agent argument: invalid value 'yes' for option 'reclaim': expected one of off|lost|abandoned", mode.getMessage());
        ConfigException after = error("reclaimAfter=500ms", new Properties());
        assertTrue(after.getMessage().startsWith("agent argument: invalid value '500ms' for option 'reclaimAfter': expected a duration of at"
                + " least 1s"), after.getMessage());
        assertTrue(error("reclaimAfter=0", new Properties()).getMessage().contains("at least 1s"));
    }
}
