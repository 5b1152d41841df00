package io.conntrack.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Fuzzes the agent argument and -Dconntrack.* system properties with a fixed seed for about five seconds each. */
class ConfigParserFuzzTest {

    private static final long SEED = 0xC0FFEE_2026L;
    private static final long BUDGET_NANOS = 5_000_000_000L;

    @Test
    void agentArgumentsEndInAConfigOrAOneLineError() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            FuzzInputs in = new FuzzInputs(SEED);
            int n = 0;
            int accepted = 0;
            long end = System.nanoTime() + BUDGET_NANOS;
            while (System.nanoTime() < end || n < 200) {
                String arg = in.next(n++);
                if (FuzzCheck.check(FuzzCheck.describe(arg), () -> ConfigParser.parse(arg, new Properties()))) {
                    accepted++;
                }
            }
            assertTrue(n >= 200 && accepted > 0, n + " inputs, " + accepted + " accepted");
        });
    }

    @Test
    void systemPropertiesEndInAConfigOrAOneLineError() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            FuzzInputs in = new FuzzInputs(SEED + 1);
            int n = 0;
            long end = System.nanoTime() + BUDGET_NANOS;
            while (System.nanoTime() < end || n < 200) {
                Properties p = new Properties();
                String key = FuzzInputs.KEYS[n % FuzzInputs.KEYS.length];
                String value = in.next(n++);
                p.setProperty("conntrack." + key, value);
                p.setProperty("conntrack." + in.soup(3), in.soup(5));
                FuzzCheck.check(key + " = " + FuzzCheck.describe(value), () -> ConfigParser.parse(null, p));
            }
        });
    }

    @Test
    void knownGoodArgumentsStillParse() throws ConfigException {
        Config c = ConfigParser.parse("limit=50,holdThreshold=30s,stacks=all,callsite.skip=com.acme.db.:com.acme.x", new Properties());
        Assertions.assertEquals(50, c.limit);
        Assertions.assertEquals(30_000, c.holdThresholdMillis);
    }
}
