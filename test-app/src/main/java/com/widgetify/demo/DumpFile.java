package com.widgetify.demo;

import com.widgetify.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ConnTrack JSON dump ({@code conntrack-dump/3}, or {@code /2}: the same without {@code pools}), read
 * into what the demo shows and checks.
 */
public final class DumpFile {

    public static final String FORMAT = "conntrack-dump/3";
    /** The format before pools[]: everything the demo reads but the pools. */
    static final String FORMAT_2 = "conntrack-dump/2";

    public final Path path;
    public final Instant time;
    public final String triggerType;
    public final String triggerMessage;
    /** The trigger's callsite, or null when the trigger has none (totalLimit, onDemand). */
    public final String triggerCallsite;
    public final long applicationOpen;
    public final long applicationLeaked;
    public final List<String> suppressed;
    /**
     * The application callsites ({@code callsites}) in the dump's own ranking order: the most leaked
     * first, then over limit, then held past holdThreshold, then by open connections.
     */
    public final List<CallsiteRow> callsites;
    /** The pool-owned callsites ({@code poolCallsites}): connections the pool opened for itself. */
    public final List<CallsiteRow> poolCallsites;
    /** The pools ({@code pools}, conntrack-dump/3); empty in a /2 dump. */
    public final List<PoolRow> pools;

    private DumpFile(Path path, Instant time, String triggerType, String triggerMessage, String triggerCallsite,
                     long applicationOpen, long applicationLeaked, List<String> suppressed, List<CallsiteRow> callsites,
                     List<CallsiteRow> poolCallsites, List<PoolRow> pools) {
        this.path = path;
        this.time = time;
        this.triggerType = triggerType;
        this.triggerMessage = triggerMessage;
        this.triggerCallsite = triggerCallsite;
        this.applicationOpen = applicationOpen;
        this.applicationLeaked = applicationLeaked;
        this.suppressed = suppressed;
        this.callsites = callsites;
        this.poolCallsites = poolCallsites;
        this.pools = pools;
    }

    public static DumpFile read(Path path) throws IOException {
        return parse(path, new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
    }

    static DumpFile parse(Path path, String json) {
        JsonObject d = JsonObject.parse(json);
        if (!FORMAT.equals(d.string("format")) && !FORMAT_2.equals(d.string("format"))) {
            throw new IllegalArgumentException(path + " is not a " + FORMAT + " file");
        }
        Map<String, List<String>> stacks = new HashMap<>();
        JsonObject s = d.object("stacks");
        if (s != null) {
            for (String id : s.names()) {
                stacks.put(id, s.strings(id));
            }
        }
        List<String> suppressed = new ArrayList<>();
        for (JsonObject x : d.objects("suppressedTriggers")) {
            suppressed.add(x.number("count", 0) + " x " + x.string("type"));
        }
        JsonObject trigger = d.object("trigger");
        JsonObject totals = d.object("totals");
        JsonObject app = totals == null ? null : totals.object("application");
        return new DumpFile(path, Instant.parse(d.string("time")), trigger == null ? "?" : trigger.string("type"),
                trigger == null ? "" : trigger.string("message"), trigger == null ? null : trigger.string("callsite"),
                app == null ? 0 : app.number("open", 0), app == null ? 0 : app.number("leaked", 0), suppressed,
                rows(d.objects("callsites"), stacks), rows(d.objects("poolCallsites"), stacks), pools(d.objects("pools")));
    }

    private static List<PoolRow> pools(List<JsonObject> pools) {
        List<PoolRow> rows = new ArrayList<>();
        for (JsonObject p : pools) {
            JsonObject f = p.object("forecast");
            JsonObject reclaim = p.object("reclaim");
            rows.add(new PoolRow(p.string("name"), p.string("type"), p.number("maxSize", -1), p.number("active", -1),
                    p.number("idle", -1), p.number("waiting", -1), p.number("inUse", 0), p.number("lost", 0),
                    f == null ? -1 : f.decimal("exhaustionSeconds", -1), f == null ? null : f.string("message"), p.strings("advice"),
                    reclaim == null ? 0 : reclaim.number("reclaimed", 0)));
        }
        return rows;
    }

    /** The pool named {@code name}, or null. */
    public PoolRow pool(String name) {
        for (PoolRow p : pools) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static List<CallsiteRow> rows(List<JsonObject> callsites, Map<String, List<String>> stacks) {
        List<CallsiteRow> rows = new ArrayList<>();
        for (JsonObject c : callsites) {
            List<OpenConnectionRow> oldest = new ArrayList<>();
            for (JsonObject o : c.objects("oldestOpen")) {
                JsonObject holder = o.object("holder");
                String stackId = holder == null ? null : holder.string("stack");
                oldest.add(new OpenConnectionRow(o.number("ageMillis", 0), o.string("thread"),
                        holder == null ? "?" : holder.string("state"),
                        stackId == null ? Collections.emptyList() : stacks.getOrDefault(stackId, Collections.emptyList())));
            }
            JsonObject hold = c.object("holdMillis");
            rows.add(new CallsiteRow(c.string("callsite"), c.bool("poolOwned"), c.number("open", 0), c.number("peak", 0),
                    c.number("acquired", 0), c.number("closed", 0), c.number("leaked", 0), c.number("failed", 0),
                    hold == null ? 0 : hold.decimal("p99", 0), hold == null ? 0 : hold.decimal("max", 0), oldest));
        }
        return rows;
    }

    /** The application callsites that hold or lost connections, in ranking order. */
    public List<CallsiteRow> offenders() {
        List<CallsiteRow> out = new ArrayList<>();
        for (CallsiteRow c : callsites) {
            if (c.offending()) {
                out.add(c);
            }
        }
        return out;
    }

    /** The callsite (application or pool-owned) whose frame is in the given class, or null. */
    public CallsiteRow callsiteIn(String className) {
        for (List<CallsiteRow> list : List.of(callsites, poolCallsites)) {
            for (CallsiteRow c : list) {
                if (c.inClass(className)) {
                    return c;
                }
            }
        }
        return null;
    }

    public String fileName() {
        return path.getFileName().toString();
    }
}
