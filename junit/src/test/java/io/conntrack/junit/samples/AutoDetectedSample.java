package io.conntrack.junit.samples;

import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** No annotation: checked only when the extension is registered globally (auto-detection). */
public class AutoDetectedSample {

    @Test
    void leaks() throws Exception {
        Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:auto
    }
}
