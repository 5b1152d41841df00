package io.conntrack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.config.Config;
import io.conntrack.config.ConfigParser;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A start that fails half-way leaves nothing running: no bridge, no monitor thread, no transformer. */
class AgentRuntimeTest {

    @Test
    void aFailedStartIsUndone() throws Exception {
        Config config = ConfigParser.parse("dumpDir=target/runtime-test", new Properties());
        Instrumentation inst = mock(Instrumentation.class);
        doThrow(new IllegalStateException("no more transformers")).when(inst).addTransformer(any(ClassFileTransformer.class), anyBoolean());

        assertThrows(IllegalStateException.class, () -> AgentRuntime.start(config, inst, false));

        assertFalse(AgentRuntime.isRunning());
        assertFalse(AgentRuntime.isActive());
        assertFalse(Bridge.installed());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("conntrack-monitor")) {
                t.join(10_000); // it leaves its loop at the end of the round it is in
            }
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("conntrack-monitor") && t.isAlive()), "the monitor thread still runs");
        verify(inst).removeTransformer(any(ClassFileTransformer.class));
    }
}
