package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsRunWithTheAgentForFifteenSeconds() {
        DemoOptions o = DemoOptions.parse(new String[0]);
        assertTrue(o.withAgent());
        assertEquals(15_000, o.loadMillis);
        assertTrue(o.agentJar.endsWith(Path.of("agent/target/conntrack-agent.jar")));
        assertTrue(o.agentFlag().startsWith("-javaagent:" + o.agentJar + "=totalLimit=8,holdThreshold=2s,"));
        assertTrue(o.agentFlag().endsWith(",dumpDir=" + o.dumpDir()));
        assertTrue(o.serviceJvmOptions().contains(o.agentFlag()));
    }

    @Test
    void noAgentLeavesTheServiceAlone() {
        DemoOptions o = DemoOptions.parse(new String[] {"--no-agent", "--seconds", "12", "--work-dir", "/tmp/w"});
        assertFalse(o.withAgent());
        assertEquals(12_000, o.loadMillis);
        assertEquals(Path.of("/tmp/w/dumps"), o.dumpDir());
        assertTrue(o.serviceJvmOptions().stream().noneMatch(s -> s.startsWith("-javaagent")));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(new String[] {"--seconds"}));
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(new String[] {"--seconds", "1000"}));
    }
}
