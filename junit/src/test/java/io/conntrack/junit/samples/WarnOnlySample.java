package io.conntrack.junit.samples;

import io.conntrack.junit.ConnTrackLeakCheck;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** Leaks reported, not failed. */
@ConnTrackLeakCheck(warnOnly = true)
public class WarnOnlySample {

    @Test
    void leaks() throws Exception {
        Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:warn
    }
}
