package io.conntrack.reporting;

import io.conntrack.pools.PoolState;
import io.conntrack.tracking.Blame;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.Snapshot;
import io.conntrack.tracking.Totals;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Renders a {@link Dump} as JSON; the schema is in docs/dump-format.md. */
public final class DumpJson {

    private DumpJson() {
    }

    public static String render(Dump d) {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("format", Dump.FORMAT);
        w.field("time", Instant.ofEpochMilli(d.timeMillis).toString());
        w.field("pid", d.pid);
        w.field("host", d.host);
        w.field("jvm", d.jvm);
        w.field("uptimeMillis", d.uptimeMillis);
        w.name("trigger").beginObject()
                .field("type", d.trigger.type.id)
                .field("message", d.trigger.message)
                .field("callsite", d.trigger.callsite)
                .field("value", d.trigger.value)
                .field("threshold", d.trigger.threshold)
                .endObject();
        w.name("suppressedTriggers").beginArray();
        for (Dump.Suppressed s : d.suppressed) {
            w.beginObject().field("type", s.type).field("count", s.count).field("lastMessage", s.lastMessage).endObject();
        }
        w.endArray();
        w.name("totals").beginObject();
        totals(w.name("application"), d.snapshot.application);
        totals(w.name("pool"), d.snapshot.pool);
        w.field("callsites", d.snapshot.callsiteCount);
        w.endObject();
        Map<String, Long> reclaimed = d.reclaimedByCallsite();
        w.name("callsites").beginArray();
        for (CallsiteSnapshot c : d.ranking.application) {
            callsite(w, c, d.ranking, d.oldestByCallsite.get(c.callsite), d.recentLeaksByCallsite.get(c.callsite), reclaimed);
        }
        w.endArray();
        w.name("poolCallsites").beginArray();
        for (CallsiteSnapshot c : d.ranking.pool) {
            callsite(w, c, d.ranking, null, null, reclaimed);
        }
        w.endArray();
        PoolsJson.render(w, d.pools);
        TimelineJson.render(w, d.timeline);
        w.name("stacks").beginObject();
        for (Map.Entry<String, List<String>> e : d.stacks.entrySet()) {
            w.name(e.getKey()).beginArray();
            for (String frame : e.getValue()) {
                w.value(frame);
            }
            w.endArray();
        }
        w.endObject();
        counters(w, d.agentCounters);
        return w.endObject().toString();
    }

    /**
     * A snapshot alone (no trigger, no open connections), as {@code ConnTrack.snapshotJson()} returns it:
     * one {@code callsites} array with the pool-owned ones among them, in the snapshot's order (by open,
     * then leaked), without the ranking's {@code overLimit}/{@code heldPastThreshold}.
     */
    public static String renderSnapshot(Snapshot s, Map<String, Long> agentCounters) {
        return renderSnapshot(s, List.of(), agentCounters);
    }

    /** As {@link #renderSnapshot(Snapshot, Map)}, with the pools after the callsites. */
    public static String renderSnapshot(Snapshot s, List<PoolState> pools, Map<String, Long> agentCounters) {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("time", Instant.ofEpochMilli(s.takenAtMillis).toString());
        w.name("totals").beginObject();
        totals(w.name("application"), s.application);
        totals(w.name("pool"), s.pool);
        w.field("callsites", s.callsiteCount).endObject();
        w.name("callsites").beginArray();
        for (CallsiteSnapshot c : s.callsites) {
            callsite(w, c, null, null, null, Map.of());
        }
        w.endArray();
        PoolsJson.render(w, pools);
        counters(w, agentCounters);
        return w.endObject().toString();
    }

    private static void blame(JsonWriter w, Blame b) {
        w.name("blame").beginObject()
                .field("frame", b.frame())
                .field("depth", b.depth)
                .field("leaked", b.leaked())
                .field("heldLong", b.heldLong())
                .field("message", b.describe());
        w.name("via").beginArray();
        for (Blame.Path p : b.via) {
            w.beginObject().field("frame", p.frame).field("leaked", p.leaked).field("heldLong", p.heldLong).endObject();
        }
        w.endArray();
        w.name("healthy").beginArray();
        for (Blame.Path p : b.healthy) {
            w.beginObject().field("frame", p.frame).field("closed", p.closed).endObject();
        }
        w.endArray().endObject();
    }

    private static void counters(JsonWriter w, Map<String, Long> agentCounters) {
        w.name("agent").beginObject();
        for (Map.Entry<String, Long> e : agentCounters.entrySet()) {
            w.field(e.getKey(), e.getValue());
        }
        w.endObject();
    }

    static void totals(JsonWriter w, Totals t) {
        w.beginObject()
                .field("open", t.open)
                .field("peak", t.peak)
                .field("acquired", t.acquired)
                .field("closed", t.closed)
                .field("leaked", t.leaked)
                .field("failed", t.failed)
                .endObject();
    }

    /** @param ranking the dump's ranking, for {@code overLimit} and {@code heldPastThreshold}; null in a snapshot */
    static void callsite(JsonWriter w, CallsiteSnapshot c, CallsiteRanking ranking, List<Dump.OpenConnection> oldest,
                         List<Dump.RecentLeak> recentLeaks, Map<String, Long> reclaimed) {
        w.beginObject()
                .field("callsite", c.callsite)
                .field("poolOwned", c.poolOwned);
        if (ranking != null) {
            w.field("overLimit", ranking.overLimit(c)).field("heldPastThreshold", ranking.heldTooLong(c));
        }
        w
                .field("open", c.open)
                .field("peak", c.peak)
                .field("acquired", c.acquired)
                .field("closed", c.closed)
                .field("leaked", c.leaked)
                .field("failed", c.failed);
        if (ranking != null) {
            w.field("reclaimed", reclaimed.getOrDefault(c.callsite, 0L));
        }
        w.name("holdMillis").beginObject()
                .name("p50").value(c.holdP50Nanos / 1e6)
                .name("p99").value(c.holdP99Nanos / 1e6)
                .name("max").value(c.holdMaxNanos / 1e6)
                .endObject();
        w.name("acquireWaitMaxMillis").value(c.acquireWaitMaxNanos / 1e6);
        if (c.blame != null) {
            blame(w, c.blame);
        }
        if (recentLeaks != null) {
            w.name("recentLeaks").beginArray();
            for (Dump.RecentLeak l : recentLeaks) {
                w.beginObject()
                        .field("acquiredAt", Instant.ofEpochMilli(l.leak.acquiredAtMillis).toString())
                        .field("foundAt", Instant.ofEpochMilli(l.leak.foundAtMillis).toString())
                        .field("thread", l.leak.threadName)
                        .field("threadId", l.leak.threadId)
                        .field("acquireStack", l.acquireStackId)
                        .endObject();
            }
            w.endArray();
        }
        if (oldest != null) {
            w.name("oldestOpen").beginArray();
            for (Dump.OpenConnection o : oldest) {
                w.beginObject()
                        .field("ageMillis", o.ageMillis)
                        .field("acquiredAt", Instant.ofEpochMilli(o.acquiredAtMillis).toString())
                        .field("thread", o.threadName)
                        .field("threadId", o.threadId)
                        .field("acquireStack", o.acquireStackId)
                        .name("holder").beginObject()
                        .field("state", o.holderState)
                        .field("stack", o.holderStackId)
                        .endObject()
                        .endObject();
            }
            w.endArray();
        }
        w.endObject();
    }
}
