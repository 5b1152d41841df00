package io.conntrack.report;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the report reads of one dump file (docs/dump-format.md): who wrote it and when, the trigger,
 * the totals, the ranked callsites with their oldest open connections and stacks, the pools with their
 * forecast and advice, and the timeline. Dumps of {@code conntrack-dump/2} (no pools, no timeline) read too.
 */
final class DumpData {

    static final String FORMAT_PREFIX = "conntrack-dump/";

    final Path file;
    final String format;
    final long timeMillis;
    final long pid;
    final String host;
    final String jvm;
    final long uptimeMillis;
    final String triggerType;
    final String triggerMessage;
    final String triggerCallsite;
    final long failed;
    final long leaked;
    final long acquired;
    final List<Site> callsites = new ArrayList<>();
    final List<Pool> pools = new ArrayList<>();
    final List<Mark> marks = new ArrayList<>();
    final List<Series> series = new ArrayList<>();
    final boolean hasTimeline;
    final int coarseStepSeconds;

    /** An application callsite as the dump ranks it. */
    static final class Site {
        String callsite;
        long open;
        long leaked;
        long failed;
        long acquired;
        long closed;
        boolean overLimit;
        boolean heldPastThreshold;
        double holdP99Millis;
        double holdMaxMillis;
        final List<Held> oldestOpen = new ArrayList<>();
        /** Its last connections garbage-collected without close(), newest first (acquiredAt, thread, stack). */
        final List<Held> recentLeaks = new ArrayList<>();
        /** The caller its leaked or long-held connections came through ({@code blame}), or null; and the dump's sentence. */
        String blameFrame;
        String blameMessage;
    }

    /** One open connection of a callsite, with its stacks resolved. */
    static final class Held {
        long ageMillis;
        String acquiredAt;
        String thread;
        String state;
        List<String> acquireStack = Collections.emptyList();
        List<String> holderStack = Collections.emptyList();
    }

    static final class Pool {
        int id;
        String name;
        String type;
        long maxSize;
        long active;
        long idle;
        long waiting;
        long inUse;
        long lost;
        String forecast;
        double exhaustionSeconds = Double.NaN;
        final List<String> advice = new ArrayList<>();
    }

    /** A trigger of the timeline. */
    static final class Mark {
        final long atMillis;
        final String type;
        final String callsite;

        Mark(long atMillis, String type, String callsite) {
            this.atMillis = atMillis;
            this.type = type;
            this.callsite = callsite;
        }
    }

    /** One pool's samples in the timeline. */
    static final class Series {
        int id;
        String name;
        long firstFailureAtMillis = -1;
        int coarseSamples;
        long[] time;
        long[] inUse;
        long[] lost;
        long[] failed;
        long[] waiting;
        long[] max;
        long[] active;
        long[] idle;
        final Map<String, long[][]> sites = new LinkedHashMap<>();
    }

    /** Thrown for a file that is JSON but not a ConnTrack dump. */
    static final class NotADump extends Exception {
        NotADump(String message) {
            super(message);
        }
    }

    private DumpData(Path file, Map<String, Object> d) throws NotADump {
        this.file = file;
        this.format = Fields.string(d, "format");
        if (format == null || !format.startsWith(FORMAT_PREFIX)) {
            throw new NotADump(format == null ? "it has no \"format\" field" : "its format is '" + format + "'");
        }
        this.timeMillis = time(Fields.string(d, "time"));
        this.pid = Fields.number(d, "pid", -1);
        this.host = orElse(Fields.string(d, "host"), "unknown");
        this.jvm = orElse(Fields.string(d, "jvm"), "");
        this.uptimeMillis = Fields.number(d, "uptimeMillis", -1);
        if (pid < 0 || uptimeMillis < 0) {
            throw new NotADump("it has no pid or uptimeMillis");
        }
        Map<String, Object> trigger = Fields.object(d, "trigger");
        this.triggerType = orElse(Fields.string(trigger, "type"), "?");
        this.triggerMessage = orElse(Fields.string(trigger, "message"), "");
        this.triggerCallsite = Fields.string(trigger, "callsite");
        Map<String, Object> app = Fields.object(Fields.object(d, "totals"), "application");
        this.failed = Fields.number(app, "failed", 0);
        this.leaked = Fields.number(app, "leaked", 0);
        this.acquired = Fields.number(app, "acquired", 0);
        Map<String, Object> stacks = Fields.object(d, "stacks");
        for (Object o : Fields.array(d, "callsites")) {
            if (!Fields.flag(o, "poolOwned")) {
                callsites.add(site(o, stacks));
            }
        }
        for (Object o : Fields.array(d, "pools")) {
            pools.add(pool(o));
        }
        Map<String, Object> timeline = Fields.object(d, "timeline");
        this.hasTimeline = !timeline.isEmpty();
        this.coarseStepSeconds = (int) Math.max(1, Fields.number(timeline, "coarseStepSeconds", 15));
        for (Object o : Fields.array(timeline, "triggers")) {
            long at = Fields.number(o, "atMillis", -1);
            if (at > 0) {
                marks.add(new Mark(at, orElse(Fields.string(o, "type"), "?"), Fields.string(o, "callsite")));
            }
        }
        for (Object o : Fields.array(timeline, "pools")) {
            Series s = series(o);
            if (s != null) {
                series.add(s);
            }
        }
    }

    static DumpData of(Path file, Object json) throws NotADump {
        if (!(json instanceof Map)) {
            throw new NotADump("it is JSON but not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) json;
        return new DumpData(file, m);
    }

    /** When the JVM that wrote it started: the same for every dump of one JVM, to a few milliseconds. */
    long startMillis() {
        return timeMillis - uptimeMillis;
    }

    boolean isWarning() {
        return Incident.WARNING_TRIGGERS.contains(triggerType);
    }

    private static Site site(Object o, Map<String, Object> stacks) {
        Site s = new Site();
        s.callsite = orElse(Fields.string(o, "callsite"), "?");
        s.open = Fields.number(o, "open", 0);
        s.leaked = Fields.number(o, "leaked", 0);
        s.failed = Fields.number(o, "failed", 0);
        s.acquired = Fields.number(o, "acquired", 0);
        s.closed = Fields.number(o, "closed", 0);
        s.overLimit = Fields.flag(o, "overLimit");
        s.heldPastThreshold = Fields.flag(o, "heldPastThreshold");
        s.holdP99Millis = Fields.decimal(Fields.object(o, "holdMillis"), "p99", 0);
        s.holdMaxMillis = Fields.decimal(Fields.object(o, "holdMillis"), "max", 0);
        for (Object c : Fields.array(o, "oldestOpen")) {
            Held h = new Held();
            h.ageMillis = Fields.number(c, "ageMillis", 0);
            h.acquiredAt = Fields.string(c, "acquiredAt");
            h.thread = orElse(Fields.string(c, "thread"), "?");
            Map<String, Object> holder = Fields.object(c, "holder");
            h.state = orElse(Fields.string(holder, "state"), "?");
            h.acquireStack = stack(stacks, Fields.string(c, "acquireStack"));
            h.holderStack = stack(stacks, Fields.string(holder, "stack"));
            s.oldestOpen.add(h);
        }
        for (Object c : Fields.array(o, "recentLeaks")) {
            Held h = new Held();
            h.acquiredAt = Fields.string(c, "acquiredAt");
            h.thread = orElse(Fields.string(c, "thread"), "?");
            h.state = "garbage-collected without close() (found " + orElse(Fields.string(c, "foundAt"), "?") + ")";
            h.acquireStack = stack(stacks, Fields.string(c, "acquireStack"));
            s.recentLeaks.add(h);
        }
        Map<String, Object> blame = Fields.object(o, "blame");
        if (blame != null) {
            s.blameFrame = Fields.string(blame, "frame");
            s.blameMessage = Fields.string(blame, "message");
        }
        return s;
    }

    private static List<String> stack(Map<String, Object> stacks, String id) {
        return id == null ? Collections.emptyList() : Fields.strings(stacks, id);
    }

    private static Pool pool(Object o) {
        Pool p = new Pool();
        p.id = (int) Fields.number(o, "id", 0);
        p.name = orElse(Fields.string(o, "name"), "pool-" + p.id);
        p.type = orElse(Fields.string(o, "type"), "other");
        p.maxSize = Fields.number(o, "maxSize", -1);
        p.active = Fields.number(o, "active", -1);
        p.idle = Fields.number(o, "idle", -1);
        p.waiting = Fields.number(o, "waiting", -1);
        p.inUse = Fields.number(o, "inUse", 0);
        p.lost = Fields.number(o, "lost", 0);
        Map<String, Object> f = Fields.object(o, "forecast");
        p.forecast = Fields.string(f, "message");
        p.exhaustionSeconds = Fields.decimal(f, "exhaustionSeconds", Double.NaN);
        p.advice.addAll(Fields.strings(o, "advice"));
        return p;
    }

    /** A pool's samples; null when its columns do not line up (a damaged file). */
    private static Series series(Object o) {
        Series s = new Series();
        s.id = (int) Fields.number(o, "id", 0);
        s.name = orElse(Fields.string(o, "name"), "pool-" + s.id);
        s.firstFailureAtMillis = Fields.number(o, "firstFailureAtMillis", -1);
        s.coarseSamples = (int) Fields.number(o, "coarseSamples", 0);
        s.time = Fields.numbers(o, "timeMillis");
        s.inUse = Fields.numbers(o, "inUse");
        s.lost = Fields.numbers(o, "lost");
        s.failed = Fields.numbers(o, "failed");
        s.waiting = Fields.numbers(o, "waiting");
        s.max = Fields.numbers(o, "max");
        s.active = Fields.numbers(o, "active");
        s.idle = Fields.numbers(o, "idle");
        int n = s.time.length;
        for (long[] c : new long[][] {s.inUse, s.lost, s.failed, s.waiting, s.max, s.active, s.idle}) {
            if (c.length != n) {
                return null;
            }
        }
        for (Object c : Fields.array(o, "callsites")) {
            long[] open = Fields.numbers(c, "open");
            long[] leaked = Fields.numbers(c, "leaked");
            String name = Fields.string(c, "callsite");
            if (name != null && open.length == n && leaked.length == n) {
                s.sites.put(name, new long[][] {open, leaked});
            }
        }
        return s;
    }

    private static long time(String iso) throws NotADump {
        if (iso == null) {
            throw new NotADump("it has no \"time\" field");
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new NotADump("its time '" + iso + "' is not an ISO-8601 instant");
        }
    }

    private static String orElse(String s, String otherwise) {
        return s == null ? otherwise : s;
    }
}
