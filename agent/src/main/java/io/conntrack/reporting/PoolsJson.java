package io.conntrack.reporting;

import io.conntrack.pools.PoolState;
import io.conntrack.pools.ReclaimView;
import java.util.List;

/** The {@code pools} array of dumps and snapshots (docs/dump-format.md); unknown numbers are null. */
final class PoolsJson {

    private PoolsJson() {
    }

    static void render(JsonWriter w, List<PoolState> pools) {
        w.name("pools").beginArray();
        for (PoolState p : pools) {
            w.beginObject()
                    .field("id", p.id)
                    .field("name", p.name)
                    .field("type", p.type)
                    .field("class", p.className);
            number(w, "maxSize", p.maxSize);
            number(w, "active", p.active);
            number(w, "idle", p.idle);
            number(w, "waiting", p.waiting);
            number(w, "connectionTimeoutMillis", p.connectionTimeoutMillis);
            number(w, "leakDetectionThresholdMillis", p.leakDetectionThresholdMillis);
            w.field("inUse", p.inUse)
                    .field("lost", p.lost)
                    .field("lostRecently", p.lostRecently)
                    .name("lossRatePerMinute").value(round(p.lossRatePerMinute))
                    .field("peakInUse", p.peakInUse);
            w.name("forecast");
            if (p.hasForecast()) {
                w.beginObject().name("exhaustionSeconds").value(round(p.exhaustionSeconds))
                        .name("historySeconds").value(round(p.lossHistorySeconds))
                        .field("callsite", p.topLossCallsite)
                        .field("message", p.forecast).endObject();
            } else {
                w.value((String) null);
            }
            w.name("demand");
            if (p.demand >= 0) {
                w.beginObject().name("connections").value(round(p.demand))
                        .name("peakConnections").value(round(p.demandPeak))
                        .name("acquisitionsPerSecond").value(round(p.acquisitionsPerSecond))
                        .name("meanHoldMillis").value(round(p.meanHoldSeconds * 1000))
                        .endObject();
            } else {
                w.value((String) null);
            }
            w.name("reclaim").beginObject()
                    .field("mode", p.reclaimMode)
                    .field("reclaimed", p.reclaimed())
                    .field("lost", p.reclaimedLost)
                    .field("abandoned", p.reclaimedAbandoned)
                    .field("off", p.reclaimOff);
            w.name("byCallsite").beginArray();
            for (java.util.Map.Entry<String, Long> e : p.reclaimedBySite) {
                w.beginObject().field("callsite", e.getKey()).field("reclaimed", e.getValue()).endObject();
            }
            w.endArray().endObject();
            w.name("abandoned").beginArray();
            for (ReclaimView.Abandoned a : p.abandoned) {
                w.beginObject().field("callsite", a.callsite).field("held", a.held)
                        .name("oldestSeconds").value(round(a.oldestSeconds)).endObject();
            }
            w.endArray();
            w.field("readError", p.readError);
            w.name("advice").beginArray();
            for (String a : p.advice) {
                w.value(a);
            }
            w.endArray().endObject();
        }
        w.endArray();
    }

    private static void number(JsonWriter w, String name, long v) {
        w.name(name);
        if (v >= 0) {
            w.value(v);
        } else {
            w.value((String) null);
        }
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
