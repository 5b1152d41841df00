package com.acme.compat.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side view of one {@code ConnTrack.snapshotJson()} (or a dump), with deltas against an earlier one.
 * A snapshot lists every callsite in {@code callsites}; a dump ({@code conntrack-dump/2}) lists the
 * application ones there and the pool-owned ones in {@code poolCallsites}: both are read.
 */
public final class Snap {

    public static final String[] COUNTERS = {"open", "acquired", "closed", "leaked", "failed"};

    public final JsonNode json;

    public Snap(JsonNode json) {
        this.json = json;
    }

    public long app(String counter) {
        return json.get("totals").get("application").get(counter).asLong();
    }

    public long pool(String counter) {
        return json.get("totals").get("pool").get(counter).asLong();
    }

    /** The callsite exactly named {@code name}, or null. */
    public JsonNode site(String name) {
        for (JsonNode c : sites()) {
            if (c.get("callsite").asText().equals(name)) {
                return c;
            }
        }
        return null;
    }

    public long site(String name, String counter) {
        JsonNode c = site(name);
        return c == null ? 0 : c.get(counter).asLong();
    }

    /** Every callsite, application and pool-owned. */
    public List<JsonNode> sites() {
        List<JsonNode> out = new ArrayList<>();
        json.get("callsites").forEach(out::add);
        json.path("poolCallsites").forEach(out::add);
        return out;
    }

    /** Names of application (not pool-owned) callsites whose {@code counter} grew since {@code before}. */
    public List<String> appSitesChangedSince(Snap before, String counter) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : sites()) {
            String name = c.get("callsite").asText();
            if (!c.get("poolOwned").asBoolean() && c.get(counter).asLong() > before.site(name, counter)) {
                out.add(name);
            }
        }
        return out;
    }

    public long appDelta(Snap before, String counter) {
        return app(counter) - before.app(counter);
    }

    public long poolDelta(Snap before, String counter) {
        return pool(counter) - before.pool(counter);
    }

    public long siteDelta(Snap before, String name, String counter) {
        return site(name, counter) - before.site(name, counter);
    }

    @Override
    public String toString() {
        return json.toPrettyString();
    }

    /** Compact, for failure messages: every callsite that changed since {@code before}, with deltas. */
    public String diff(Snap before) {
        StringBuilder b = new StringBuilder("\n  app  " + deltas(json.get("totals").get("application"),
                before.json.get("totals").get("application")));
        b.append("\n  pool " + deltas(json.get("totals").get("pool"), before.json.get("totals").get("pool")));
        for (JsonNode c : sites()) {
            JsonNode old = before.site(c.get("callsite").asText());
            String d = deltas(c, old);
            if (old == null || !d.equals(deltas(old, old))) {
                b.append("\n  ").append(c.get("poolOwned").asBoolean() ? "[pool-owned] " : "")
                        .append(c.get("callsite").asText()).append(' ').append(d);
            }
        }
        return b.toString();
    }

    private static String deltas(JsonNode now, JsonNode old) {
        StringBuilder b = new StringBuilder();
        for (String k : COUNTERS) {
            long d = now.get(k).asLong() - (old == null ? 0 : old.get(k).asLong());
            b.append(k).append(k.equals("open") ? "=" + now.get(k).asLong() + "(" + (d >= 0 ? "+" : "") + d + ")" : (d >= 0 ? "+" : "") + d).append(' ');
        }
        return b.toString().trim();
    }
}
