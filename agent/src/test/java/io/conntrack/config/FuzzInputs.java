package io.conntrack.config;

import java.util.Random;

/** Hostile option text: key/value soup, separators, control characters, unicode, binary, huge and repeated input. */
final class FuzzInputs {

    static final String[] KEYS = {
        "enabled", "limit", "totalLimit", "holdThreshold", "dumpInterval", "maxDumps", "dumpDir", "dumpOnExit",
        "stacks", "stacks.sampleRate", "callsite.skip", "callsite.include", "callsite.mark", "maxCallsites",
        "debug", "jfr", "metrics", "metrics.topN", "config", "conntrack.limit", "LIMIT", "limit ", "",
    };
    static final String[] VALUES = {
        "", "0", "1", "-1", "100", "2147483648", "99999999999999999999", "1e3", "0x10", "30s", "500ms", "2m", "1h",
        "0s", "-5s", "9999999999h", "s", "ms", "true", "false", "TRUE", "yes", "off", "all", "sampled", "none",
        "com.acme.:org.x;y", ":::", ";;", "/tmp", "\u0000", "a\nb", "=", ",", "localhost:9464", ":0", "\u2028",
        "\ud800", "\uD83D\uDE00", "ünïcødé", "\\u0041", "#comment", "!x",
    };
    private static final String SOUP = "=,;:. \t\r\n\u0000\\#!\"'{}[]$%/abcdefghijklmnopqrstuvwxyz0123456789";

    private final Random random;

    FuzzInputs(long seed) {
        random = new Random(seed);
    }

    /** One hostile input; the kind cycles through every shape so each appears often. */
    String next(int i) {
        switch (i % 9) {
            case 0:
                return soup(random.nextInt(200));
            case 1:
                return options(1 + random.nextInt(8), ",");
            case 2:
                return repeatedKey(1 + random.nextInt(5000));
            case 3:
                return unicode(random.nextInt(300));
            case 4:
                return binary(random.nextInt(400));
            case 5:
                return huge();
            case 6:
                return options(1 + random.nextInt(4), random.nextBoolean() ? ";" : "\n");
            case 7:
                return mutate(options(1 + random.nextInt(5), ","));
            default:
                return KEYS[random.nextInt(KEYS.length)] + "=" + soup(random.nextInt(5000));
        }
    }

    String soup(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(SOUP.charAt(random.nextInt(SOUP.length())));
        }
        return b.toString();
    }

    String options(int n, String separator) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(separator);
            }
            b.append(KEYS[random.nextInt(KEYS.length)]).append('=').append(VALUES[random.nextInt(VALUES.length)]);
        }
        return b.toString();
    }

    String repeatedKey(int n) {
        StringBuilder b = new StringBuilder();
        String key = KEYS[random.nextInt(KEYS.length)];
        for (int i = 0; i < n; i++) {
            b.append(key).append('=').append(i).append(i + 1 < n ? "," : "");
        }
        return b.toString();
    }

    String unicode(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x110000) : random.nextInt(0x3000);
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                b.append((char) cp); // a lone surrogate
            } else {
                b.appendCodePoint(cp);
            }
            if (random.nextInt(10) == 0) {
                b.append("=,;".charAt(random.nextInt(3)));
            }
        }
        return b.toString();
    }

    String binary(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    String huge() {
        int n = 60_000 + random.nextInt(20_000); // around the 64 KiB argument cap
        return random.nextBoolean() ? "limit=" + "9".repeat(n) : options(n / 12, ",");
    }

    private String mutate(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int k = random.nextInt(4); k >= 0 && b.length() > 0; k--) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0:
                    b.deleteCharAt(at);
                    break;
                case 1:
                    b.insert(at, SOUP.charAt(random.nextInt(SOUP.length())));
                    break;
                default:
                    b.setCharAt(at, (char) random.nextInt(0x10000));
            }
        }
        return b.toString();
    }
}
