package io.conntrack.reporting;

import io.conntrack.config.Config;
import io.conntrack.config.ConfigParser;
import io.conntrack.tracking.Clock;
import io.conntrack.tracking.PoolHooks;
import io.conntrack.tracking.Tracker;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Builds real dumps from a real {@link Tracker} for the renderer and writer tests. */
final class TestDumps {

    private TestDumps() {
    }

    static Tracker tracker(String options) throws Exception {
        return tracker(options, Clock.SYSTEM);
    }

    static Tracker tracker(String options, Clock clock) throws Exception {
        Config config = ConfigParser.parse(options, new Properties());
        return new Tracker(config, message -> {
            throw new AssertionError("tracker failed: " + message);
        }, PoolHooks.NONE, clock);
    }

    static Dump dump(Tracker t, Trigger trigger, List<Dump.Suppressed> suppressed) {
        return new Dump.Builder(t.snapshot(), t.openRecords(), t.config(), t.clock().nanoTime()).trigger(trigger).suppressed(suppressed)
                .agentCounters(Map.of("classesSeen", 3L, "dumpsWritten", 0L)).build();
    }

    static Dump onDemand(Tracker t, String reason) {
        return dump(t, new Trigger(Trigger.Type.ON_DEMAND, reason, null, 0, 0), List.of());
    }
}
