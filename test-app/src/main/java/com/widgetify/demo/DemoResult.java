package com.widgetify.demo;

import com.widgetify.json.JsonObject;
import com.widgetify.load.LoadSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything one demo run saw: the load's outcome, the service's warnings, its dumps, its health. */
public final class DemoResult {

    public final DemoOptions options;
    public final long servicePid;
    public final LoadSummary load;
    /** Every stderr line of the service with the time it was read. */
    public final List<LogLine> serviceStderr;
    /** Every dump the run produced, oldest first. */
    public final List<DumpFile> dumps;
    /** The dump asked for after the load stopped, when the agent ran; else null. */
    public final DumpFile quiescentDump;
    /** GET /health once the load had stopped. */
    public final JsonObject healthAfter;
    public final List<Finding> findings;
    /** The incident report (java -jar conntrack-agent.jar report) and its postmortem draft, when the agent ran; else null. */
    public final Path reportPage;
    public final Path reportDraft;

    DemoResult(DemoOptions options, long servicePid, LoadSummary load, List<LogLine> serviceStderr, List<DumpFile> dumps,
               DumpFile quiescentDump, JsonObject healthAfter, List<Finding> findings, Path reportPage, Path reportDraft) {
        this.options = options;
        this.servicePid = servicePid;
        this.load = load;
        this.serviceStderr = serviceStderr;
        this.dumps = dumps;
        this.quiescentDump = quiescentDump;
        this.healthAfter = healthAfter;
        this.findings = findings;
        this.reportPage = reportPage;
        this.reportDraft = reportDraft;
    }

    public List<LogLine> warnings() {
        List<LogLine> out = new ArrayList<>();
        for (LogLine l : serviceStderr) {
            if (l.isConnTrackWarning()) {
                out.add(l);
            }
        }
        return out;
    }

    /** The first ConnTrack warning, or null. */
    public LogLine firstWarning() {
        List<LogLine> w = warnings();
        return w.isEmpty() ? null : w.get(0);
    }

    /** The first ConnTrack forecast warning (a pool running out of connections), or null. */
    public LogLine firstForecast() {
        for (LogLine l : warnings()) {
            if ("forecast".equals(l.trigger())) {
                return l;
            }
        }
        return null;
    }

    /**
     * When ConnTrack first forecast the pool's exhaustion: its first forecast warning, or the first dump
     * (of any trigger) whose pools[] carries a forecast, whichever came first; -1 if never. A forecast
     * warning is rate-limited with the others (dumpInterval), so a dump of another trigger may carry it first.
     */
    public long firstForecastMillis() {
        long first = -1;
        LogLine w = firstForecast();
        if (w != null) {
            first = w.atMillis;
        }
        for (DumpFile d : dumps) {
            for (PoolRow p : d.pools) {
                if (p.forecast != null && (first < 0 || d.time.toEpochMilli() < first)) {
                    first = d.time.toEpochMilli();
                }
            }
        }
        return first;
    }

    public DumpFile firstDump() {
        return dumps.isEmpty() ? null : dumps.get(0);
    }

    public Finding finding(Finding.Kind kind) {
        for (Finding f : findings) {
            if (f.kind == kind) {
                return f;
            }
        }
        return null;
    }
}
