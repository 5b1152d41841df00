package io.conntrack.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.conntrack.config.ConfigParser;
import io.conntrack.pools.TestPools;
import io.conntrack.reporting.Monitor;
import io.conntrack.tracking.Tracker;
import java.util.Collections;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JfrSupportTest {

    @Test
    void jfrFalseInstallsNothing() throws Exception {
        var config = ConfigParser.parse("jfr=false", new Properties());
        Tracker tracker = new Tracker(config, m -> { });
        assertFalse(JfrSupport.install(tracker, new Monitor(tracker, TestPools.watch(tracker), config, Collections::emptyMap), config));
    }

    @Test
    void stacksRenderOneFramePerLine() {
        assertEquals("", JfrRecorder.render(null));
        assertEquals("", JfrRecorder.render(new StackTraceElement[0]));
        StackTraceElement[] frames = {
            new StackTraceElement("com.acme.Dao", "load", "Dao.java", 42),
            new StackTraceElement("com.acme.Service", "run", "Service.java", 7),
        };
        assertEquals("com.acme.Dao.load(Dao.java:42)\ncom.acme.Service.run(Service.java:7)\n", JfrRecorder.render(frames));
    }
}
