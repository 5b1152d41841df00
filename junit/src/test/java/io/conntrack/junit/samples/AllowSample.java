package io.conntrack.junit.samples;

import io.conntrack.junit.ConnTrackLeakCheck;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** Callsites allowed to stay open: by annotation, or by conntrack.junit.allow. */
@ConnTrackLeakCheck
public class AllowSample {

    @Test
    @ConnTrackLeakCheck(allow = "io.conntrack.junit.samples.WarmCache.warm")
    void warmsTheCacheAllowedByAnnotation() throws Exception {
        WarmCache.warm();
    }

    @Test
    void warmsTheCache() throws Exception {
        WarmCache.warm();
    }

    @Test
    @ConnTrackLeakCheck(allow = "io.conntrack.junit.samples.WarmCache")
    void warmsTheCacheAndLeaksElsewhere() throws Exception {
        WarmCache.warm();
        Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:elsewhere
    }
}
