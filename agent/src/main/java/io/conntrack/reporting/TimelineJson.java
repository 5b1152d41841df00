package io.conntrack.reporting;

import io.conntrack.timeline.TimelineSnapshot;

/** The dump's {@code timeline}: the pools' flight recorder, column by column (docs/dump-format.md). */
final class TimelineJson {

    private TimelineJson() {
    }

    static void render(JsonWriter w, TimelineSnapshot t) {
        w.name("timeline").beginObject()
                .field("stepSeconds", TimelineSnapshot.STEP_SECONDS)
                .field("coarseStepSeconds", TimelineSnapshot.COARSE_STEP_SECONDS)
                .field("fineSeconds", TimelineSnapshot.FINE_SECONDS)
                .field("spanSeconds", TimelineSnapshot.SPAN_SECONDS);
        w.name("triggers").beginArray();
        for (TimelineSnapshot.TriggerMark m : t.triggers) {
            w.beginObject().field("atMillis", m.atMillis).field("type", m.type).field("callsite", m.callsite).endObject();
        }
        w.endArray();
        w.name("pools").beginArray();
        for (TimelineSnapshot.PoolSeries p : t.pools) {
            w.beginObject().field("id", p.id).field("name", p.name);
            w.name("firstFailureAtMillis");
            if (p.firstFailureMillis >= 0) {
                w.value(p.firstFailureMillis);
            } else {
                w.value((String) null);
            }
            w.field("coarseSamples", p.coarseSamples);
            column(w, "timeMillis", p.timeMillis);
            column(w, "inUse", p.inUse);
            column(w, "lost", p.lost);
            column(w, "failed", p.failed);
            column(w, "waiting", p.waiting);
            column(w, "max", p.max);
            column(w, "active", p.active);
            column(w, "idle", p.idle);
            w.name("callsites").beginArray();
            for (int k = 0; k < p.siteNames.length; k++) {
                if (p.siteNames[k] != null) {
                    w.beginObject().field("callsite", p.siteNames[k]);
                    column(w, "open", p.siteOpen[k]);
                    column(w, "leaked", p.siteLeaked[k]);
                    w.endObject();
                }
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }

    /** An array of integers, null for -1 (unknown, or not tracked then). */
    private static void column(JsonWriter w, String name, long[] values) {
        w.name(name).beginArray();
        for (long v : values) {
            if (v >= 0) {
                w.value(v);
            } else {
                w.value((String) null);
            }
        }
        w.endArray();
    }
}
