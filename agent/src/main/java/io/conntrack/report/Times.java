package io.conntrack.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times and durations as the report shows them: UTC, to a tenth of a second. */
final class Times {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** {@code 2026-12-01 05:49:58.1 UTC}. */
    static String dateTime(long epochMillis) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMillis)) + tenth(epochMillis) + " UTC";
    }

    /** {@code 05:49:58.1}. */
    static String clock(long epochMillis) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis)) + tenth(epochMillis);
    }

    /** {@code 05:49:58}, for axis labels. */
    static String clockSeconds(long epochMillis) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis));
    }

    private static String tenth(long epochMillis) {
        return "." + Math.floorMod(epochMillis, 1000) / 100;
    }

    /** {@code 850 ms}, {@code 4.7 s}, {@code 3 min 20 s}, {@code 2 h 05 min}. */
    static String duration(long millis) {
        long m = Math.abs(millis);
        if (m < 1000) {
            return m + " ms";
        }
        if (m < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", m / 1000.0);
        }
        if (m < 3_600_000) {
            return String.format(Locale.ROOT, "%d min %02d s", m / 60_000, m / 1000 % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", m / 3_600_000, m / 60_000 % 60);
    }
}
