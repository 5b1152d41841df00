package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.jfr.ChurnApp;
import com.acme.jfr.JfrApp;
import io.conntrack.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's JFR events, recorded by a child JVM that runs the packaged agent. */
class JfrIT {

    @TempDir
    Path dir;

    @Test
    void everyEventTypeIsRecordedWithItsFields() throws Exception {
        Path recording = dir.resolve("conntrack.jfr");
        Path dumps = dir.resolve("dumps");
        String agent = "-javaagent:" + ChildJvm.agentJar() + "=limit=2,holdThreshold=200ms,stacks=all,dumpOnExit=false,dumpDir=" + dumps;
        try (ChildJvm.Running child = ChildJvm.start("jfr-app", Collections.singletonList(agent), JfrApp.class,
                recording.toString(), dumps.toString())) {
            assertEquals(0, child.waitFor(Duration.ofSeconds(120)), child.output());
            assertTrue(child.stdout().contains("DONE"), child.output());
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);

        RecordedEvent limit = one(events, "conntrack.LimitExceeded", "openForLimit");
        assertEquals("limit", limit.getString("trigger"));
        assertEquals(3, limit.getLong("open"));
        assertEquals(2, limit.getLong("limit"));
        Path dumpFile = Paths.get(limit.getString("dumpFile"));
        assertTrue(dumpFile.getFileName().toString().endsWith("-limit.json") && Files.exists(dumpFile), dumpFile.toString());
        assertEquals("ConnTrack", limit.getEventType().getCategoryNames().get(0));

        RecordedEvent held = one(events, "conntrack.ConnectionHeld", "holdTooLongAcquire");
        assertTrue(held.getLong("holdMillis") >= 300, held.toString());
        assertEquals(200, held.getLong("holdThresholdMillis"));
        assertEquals("acquirer", held.getString("acquiringThread"));
        assertEquals("closer", held.getThread().getJavaName(), "the event thread is the one that closed it");

        RecordedEvent leaked = one(events, "conntrack.ConnectionLeaked", "leak");
        assertEquals("main", leaked.getString("acquiringThread"));
        assertTrue(leaked.getLong("ageMillis") >= 0);
        assertTrue(leaked.getString("acquisitionStack").contains("com.acme.jfr.JfrApp.leak(JfrApp.java:"),
                leaked.getString("acquisitionStack"));
        assertTrue(leaked.getString("acquisitionStack").contains("com.acme.jfr.JfrApp.main("));

        List<RecordedEvent> stats = matching(events, "conntrack.CallsiteStatistics", "churn");
        assertFalse(stats.isEmpty(), "no statistics event for churn()");
        // the one taken after the churn ended (JfrApp waits for it): the most closed
        RecordedEvent last = stats.stream().max(Comparator.comparingLong(e -> e.getLong("closed"))).get();
        assertTrue(last.getLong("acquired") >= 1 && last.getLong("acquired") == last.getLong("closed"), last.toString());
        assertEquals(0, last.getLong("open"));
        assertEquals(0, last.getLong("leaked"));
        assertFalse(last.getBoolean("poolOwned"));
        assertTrue(last.getLong("holdMax") > 0 && last.getLong("holdMax") >= last.getLong("holdP50"), last.toString());
        // a period may fall between the three getConnection() calls: the peak only grows, the highest one counts
        List<RecordedEvent> overLimitStats = matching(events, "conntrack.CallsiteStatistics", "openForLimit");
        assertEquals(3, overLimitStats.stream().mapToLong(e -> e.getLong("peak")).max().orElse(-1), overLimitStats.toString());
    }

    @Test
    void aRuntimeWithoutJfrOnlyLosesTheEvents() throws Exception {
        String agent = "-javaagent:" + ChildJvm.agentJar() + "=dumpOnExit=false,dumpDir=" + dir;
        // java.se has no jdk.jfr; jdk.unsupported is what many libraries expect besides it.
        List<String> jvm = Arrays.asList("--limit-modules", "java.se,jdk.unsupported", agent);
        try (ChildJvm.Running child = ChildJvm.start("no-jfr", jvm, ChurnApp.class)) {
            assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
            assertTrue(child.stdout().contains("ACTIVE true ACQUIRED 3"), child.output());
            assertTrue(child.stderr().contains("JFR events off: this Java runtime has no jdk.jfr module"), child.output());
            assertFalse(child.stderr().contains("ERROR"), child.output());
        }
    }

    @Test
    void jfrFalseRegistersNothing() throws Exception {
        String agent = "-javaagent:" + ChildJvm.agentJar() + "=jfr=false,dumpOnExit=false,dumpDir=" + dir;
        try (ChildJvm.Running child = ChildJvm.start("jfr-false", Arrays.asList(agent, "-verbose:class"), ChurnApp.class)) {
            assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
            assertTrue(child.stdout().contains("ACTIVE true ACQUIRED 3"), child.output());
            assertFalse(child.stdout().contains("io.conntrack.jfr.JfrRecorder"), "JfrRecorder was loaded with jfr=false");
        }
    }

    @Test
    void withoutARecordingJfrIsNotStartedAndNoEventLoads() throws Exception {
        String agent = "-javaagent:" + ChildJvm.agentJar() + "=dumpOnExit=false,dumpDir=" + dir;
        try (ChildJvm.Running child = ChildJvm.start("jfr-idle", Arrays.asList(agent, "-verbose:class"), ChurnApp.class)) {
            assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
            assertTrue(child.stdout().contains("ACTIVE true ACQUIRED 3"), child.output());
            // The events register when a flight recorder starts; until then JFR's machinery stays cold.
            assertFalse(child.stdout().contains("io.conntrack.jfr.CallsiteStatisticsEvent"), "an event class loaded");
            assertFalse(child.stdout().contains("jdk.jfr.internal.MetadataRepository"), "JFR's metadata was set up");
            assertFalse(child.stderr().contains("JFR events on"), child.output());
        }
    }

    @Test
    void aRecordingStartedOnTheCommandLineGetsTheEvents() throws Exception {
        Path recording = dir.resolve("startup.jfr");
        String agent = "-javaagent:" + ChildJvm.agentJar() + "=dumpOnExit=false,dumpDir=" + dir;
        String jfr = "-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true";
        try (ChildJvm.Running child = ChildJvm.start("jfr-startup", Arrays.asList(jfr, agent), ChurnApp.class)) {
            assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
            assertTrue(child.stdout().contains("ACTIVE true ACQUIRED 3"), child.output());
            assertTrue(child.stderr().contains("JFR events on"), child.output());
        }
        try (RecordingFile file = new RecordingFile(recording)) {
            assertTrue(file.readEventTypes().stream().anyMatch(t -> t.getName().equals("conntrack.CallsiteStatistics")),
                    "the statistics event is registered in the recording");
        }
    }

    private static RecordedEvent one(List<RecordedEvent> events, String type, String method) {
        List<RecordedEvent> l = matching(events, type, method);
        assertEquals(1, l.size(), type + " events for " + method + ": " + l);
        return l.get(0);
    }

    private static List<RecordedEvent> matching(List<RecordedEvent> events, String type, String method) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals(type))
                .filter(e -> e.getString("callsite").contains("com.acme.jfr.JfrApp." + method + "("))
                .collect(Collectors.toList());
    }
}
