package io.conntrack.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A dump file made by hand in the documented format (docs/dump-format.md), for the report's tests. */
final class TestDumpFile {

    static final ObjectMapper JSON = new ObjectMapper();
    final ObjectNode root = JSON.createObjectNode();
    private final ObjectNode pool;
    private final ObjectNode series;

    /** A dump of JVM {@code pid} on {@code host} started at {@code startMillis}, taken at {@code timeMillis}. */
    TestDumpFile(long pid, String host, long startMillis, long timeMillis, String trigger, String message) {
        root.put("format", "conntrack-dump/3").put("time", Instant.ofEpochMilli(timeMillis).toString()).put("pid", pid)
                .put("host", host).put("jvm", "OpenJDK 64-Bit Server VM 17").put("uptimeMillis", timeMillis - startMillis);
        root.putObject("trigger").put("type", trigger).put("message", message).putNull("callsite").put("value", 0).put("threshold", 0);
        root.putArray("suppressedTriggers");
        ObjectNode totals = root.putObject("totals");
        totals.putObject("application").put("open", 0).put("peak", 0).put("acquired", 0).put("closed", 0).put("leaked", 0)
                .put("failed", 0);
        totals.putObject("pool").put("open", 0).put("peak", 0).put("acquired", 0).put("closed", 0).put("leaked", 0).put("failed", 0);
        totals.put("callsites", 0);
        root.putArray("callsites");
        root.putArray("poolCallsites");
        pool = root.putArray("pools").addObject().put("id", 1).put("name", "widgets").put("type", "hikari")
                .put("class", "com.zaxxer.hikari.HikariDataSource").put("maxSize", 10).put("active", 0).put("idle", 10).put("waiting", 0)
                .putNull("connectionTimeoutMillis").putNull("leakDetectionThresholdMillis").put("inUse", 0).put("lost", 0)
                .put("lostRecently", 0).put("lossRatePerMinute", 0.0).put("peakInUse", 0).putNull("forecast").putNull("demand")
                .putNull("readError");
        pool.putArray("advice");
        ObjectNode timeline = root.putObject("timeline").put("stepSeconds", 1).put("coarseStepSeconds", 15).put("fineSeconds", 120)
                .put("spanSeconds", 900);
        timeline.putArray("triggers");
        series = timeline.putArray("pools").addObject().put("id", 1).put("name", "widgets").putNull("firstFailureAtMillis")
                .put("coarseSamples", 0);
        for (String c : new String[] {"timeMillis", "inUse", "lost", "failed", "waiting", "max", "active", "idle"}) {
            series.putArray(c);
        }
        series.putArray("callsites");
        root.putObject("stacks");
        root.putObject("agent");
    }

    TestDumpFile totals(long failed, long leaked) {
        ((ObjectNode) root.get("totals").get("application")).put("failed", failed).put("leaked", leaked);
        return this;
    }

    TestDumpFile poolName(String name) {
        pool.put("name", name);
        series.put("name", name);
        return this;
    }

    TestDumpFile advice(String a) {
        ((ArrayNode) pool.get("advice")).add(a);
        return this;
    }

    TestDumpFile forecast(String message) {
        pool.putObject("forecast").put("exhaustionSeconds", 3.0).put("callsite", "x").put("message", message);
        return this;
    }

    TestDumpFile mark(long atMillis, String type, String callsite) {
        ((ArrayNode) root.get("timeline").get("triggers")).addObject().put("atMillis", atMillis).put("type", type).put("callsite", callsite);
        return this;
    }

    /** One sample; {@code coarse} ones must come first. */
    TestDumpFile sample(long time, long inUse, long lost, long failed, boolean coarse) {
        ((ArrayNode) series.get("timeMillis")).add(time);
        ((ArrayNode) series.get("inUse")).add(inUse);
        ((ArrayNode) series.get("lost")).add(lost);
        ((ArrayNode) series.get("failed")).add(failed);
        ((ArrayNode) series.get("waiting")).add(0);
        ((ArrayNode) series.get("max")).add(10);
        ((ArrayNode) series.get("active")).add(inUse + lost);
        ((ArrayNode) series.get("idle")).add(10 - inUse - lost);
        if (coarse) {
            series.put("coarseSamples", series.get("coarseSamples").asInt() + 1);
        }
        if (failed > 0 && series.get("firstFailureAtMillis").isNull()) {
            series.put("firstFailureAtMillis", time);
        }
        return this;
    }

    /** An application callsite with one open connection held by {@code thread}, its stacks given. */
    TestDumpFile callsite(String callsite, long leaked, String thread, String holderFrame, String acquireFrame) {
        ObjectNode c = ((ArrayNode) root.get("callsites")).addObject().put("callsite", callsite).put("poolOwned", false)
                .put("overLimit", false).put("heldPastThreshold", false).put("open", 1).put("peak", 1).put("acquired", leaked + 1)
                .put("closed", 0).put("leaked", leaked).put("failed", 0);
        c.putObject("holdMillis").put("p50", 0.0).put("p99", 0.0).put("max", 0.0);
        c.put("acquireWaitMaxMillis", 0.0);
        int id = root.get("stacks").size();
        ((ObjectNode) root.get("stacks")).putArray("s" + (id + 1)).add(holderFrame).add(callsite);
        ((ObjectNode) root.get("stacks")).putArray("s" + (id + 2)).add(acquireFrame).add(callsite);
        c.putArray("oldestOpen").addObject().put("ageMillis", 1500).put("acquiredAt", "2026-12-01T05:50:00Z").put("thread", thread)
                .put("threadId", 7).put("acquireStack", "s" + (id + 2)).putObject("holder").put("state", "WAITING")
                .put("stack", "s" + (id + 1));
        root.get("totals").get("callsites");
        ((ObjectNode) root.get("totals")).put("callsites", root.get("callsites").size());
        return this;
    }

    Path write(Path dir, String name) {
        try {
            Path f = dir.resolve(name);
            Files.writeString(f, JSON.writeValueAsString(root));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
