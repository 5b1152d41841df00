package io.conntrack.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fuzzes the config file reader (config=/path) with random, binary, huge and repetitive files, fixed seed, ~5 s. */
class ConfigFileFuzzTest {

    private static final long SEED = 0xF11E_2026L;

    @TempDir
    Path dir;

    @Test
    void configFilesEndInAConfigOrAOneLineError() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            FuzzInputs in = new FuzzInputs(SEED);
            Path file = dir.resolve("conntrack.properties");
            int n = 0;
            int accepted = 0;
            long end = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < end || n < 200) {
                byte[] content = content(in, n++);
                Files.write(file, content);
                String what = "file of " + content.length + " bytes, " + FuzzCheck.describe(new String(content, StandardCharsets.ISO_8859_1));
                if (FuzzCheck.check(what, () -> ConfigParser.parse("config=" + file, new Properties()))) {
                    accepted++;
                }
            }
            assertTrue(n >= 200 && accepted > 0, n + " files, " + accepted + " accepted");
        });
    }

    @Test
    void oddConfigPathsEndInAOneLineError() {
        FuzzInputs in = new FuzzInputs(SEED + 7);
        String[] paths = {dir.toString(), dir.resolve("missing.properties").toString(), "", " ", "\u0000", "/dev/null",
            "/proc/self/mem", "/dev/zero", dir + "/\u2028x", "a".repeat(5000), in.unicode(50), in.binary(50)};
        for (String p : paths) {
            FuzzCheck.check("config path " + FuzzCheck.describe(p), () -> ConfigParser.parse("config=" + p, new Properties()));
            Properties sys = new Properties();
            sys.setProperty("conntrack.config", p);
            FuzzCheck.check("-Dconntrack.config " + FuzzCheck.describe(p), () -> ConfigParser.parse(null, sys));
        }
    }

    private static byte[] content(FuzzInputs in, int i) {
        switch (i % 6) {
            case 0:
                return in.bytes(i % 3000);
            case 1:
                return in.options(1 + i % 10, "\n").getBytes(StandardCharsets.UTF_8);
            case 2:
                return in.repeatedKey(1 + i % 3000).replace(',', '\n').getBytes(StandardCharsets.UTF_8);
            case 3:
                return in.unicode(i % 500).getBytes(StandardCharsets.UTF_8);
            case 4:
                return in.next(i).getBytes(i % 2 == 0 ? StandardCharsets.UTF_8 : StandardCharsets.UTF_16);
            default:
                return ("limit=5\n" + "x".repeat(60_000 + i % 10_000)).getBytes(StandardCharsets.UTF_8);
        }
    }
}
