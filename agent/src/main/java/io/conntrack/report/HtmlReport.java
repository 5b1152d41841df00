package io.conntrack.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The incident as one self-contained HTML page: inline CSS and SVG, one small script (details open for
 * printing), a Content-Security-Policy that allows no request at all, and no URL. Everything from the
 * dumps is escaped ({@link Escape#html}). One section per JVM, the worst first.
 */
final class HtmlReport {

    /** Nothing may be fetched: no default source, inline style and script only. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'";
    static final int STACK_FRAMES = 40;
    static final int HELD_SHOWN = 3;

    private final StringBuilder b = new StringBuilder(64 * 1024);

    private HtmlReport() {
    }

    static String render(List<Incident> incidents, List<String> problems, long generatedMillis) {
        HtmlReport r = new HtmlReport();
        r.page(incidents, problems, generatedMillis);
        return r.b.toString();
    }

    private void page(List<Incident> incidents, List<String> problems, long generatedMillis) {
        Incident worst = incidents.get(0);
        String title = new Postmortem(worst).title;
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>ConnTrack incident report: ").append(Escape.html(title)).append("</title>\n<style>\n")
                .append(Style.CSS).append("</style>\n</head>\n<body>\n<header>\n<h1>Incident report</h1>\n<p class=\"meta\">")
                .append(count(incidents)).append(" dump")
                .append(count(incidents) == 1 ? "" : "s").append(" of ").append(incidents.size()).append(" JVM")
                .append(incidents.size() == 1 ? "" : "s").append(", written by ConnTrack; this page made ")
                .append(Escape.html(Times.dateTime(generatedMillis))).append(". Times are UTC.</p>\n");
        if (!problems.isEmpty()) {
            b.append("<div class=\"problems\"><p>Files left out:</p><ul>\n");
            for (String p : problems) {
                b.append("<li>").append(Escape.html(p)).append("</li>\n");
            }
            b.append("</ul></div>\n");
        }
        if (incidents.size() > 1) {
            b.append("<nav><p>JVMs, the worst first:</p><ol>\n");
            for (int i = 0; i < incidents.size(); i++) {
                Incident in = incidents.get(i);
                b.append("<li><a href=\"#jvm-").append(i + 1).append("\">pid ").append(in.pid).append(" on ").append(Escape.html(in.host))
                        .append("</a>: ").append(in.failed()).append(" failed acquisitions, ").append(in.leaked()).append(" leaked</li>\n");
            }
            b.append("</ol></nav>\n");
        }
        b.append("</header>\n");
        for (int i = 0; i < incidents.size(); i++) {
            jvm(incidents.get(i), i + 1);
        }
        b.append("<script>window.addEventListener('beforeprint',function(){document.querySelectorAll('details')"
                + ".forEach(function(d){d.open=true;});});</script>\n</body>\n</html>\n");
    }

    private static int count(List<Incident> incidents) {
        int n = 0;
        for (Incident in : incidents) {
            n += in.dumps.size();
        }
        return n;
    }

    private void jvm(Incident in, int index) {
        Postmortem pm = new Postmortem(in);
        b.append("<section class=\"jvm\" id=\"jvm-").append(index).append("\">\n<h2>").append(Escape.html(pm.title)).append("</h2>\n");
        facts(in);
        b.append("<h3>The pool").append(in.pools.size() == 1 ? "" : "s").append(" over time</h3>\n");
        if (in.pools.isEmpty()) {
            b.append("<p class=\"note\">These dumps carry no pool timeline (an agent before the flight recorder, or no pool was"
                    + " used).</p>\n");
        }
        for (PoolHistory p : in.pools) {
            b.append("<figure class=\"chart\">\n<figcaption>pool <b>").append(Escape.html(p.name)).append("</b>")
                    .append(p.lastMax() > 0 ? ", max " + p.lastMax() : "").append(": ").append(p.samples().size())
                    .append(" samples</figcaption>\n");
            b.append(PoolChart.svg(p, in.triggers, in.firstWarning(), in.firstFailureMillis()));
            b.append("<p class=\"legend\"><span class=\"key lost\"></span>lost <span class=\"key in-use\"></span>in use"
                    + " <span class=\"key active\"></span>pool's active <span class=\"key max\"></span>max"
                    + " <span class=\"key failures\"></span>failed acquisitions <span class=\"key trigger\"></span>ConnTrack warnings"
                    + " <span class=\"key first-failure\"></span>first failed acquisition</p>\n</figure>\n");
        }
        culprits(in);
        forecast(in);
        postmortem(pm);
        dumps(in);
        b.append("</section>\n");
    }

    private void facts(Incident in) {
        b.append("<dl class=\"facts\">\n");
        fact("JVM", "pid " + in.pid + " on " + in.host + ", started " + Times.dateTime(in.startMillis), in.jvm);
        fact("failed acquisitions", Long.toString(in.failed()), "getConnection() calls that threw");
        fact("leaked", Long.toString(in.leaked()), "connections garbage-collected without close()");
        DumpData.Mark w = in.firstWarning();
        long f = in.firstFailureMillis();
        fact("first warning", w == null ? "none" : Times.clock(w.atMillis) + " (" + w.type + ")", null);
        fact("first failure", f > 0 ? Times.clock(f) : "none", null);
        if (w != null && f > 0) {
            long lead = f - w.atMillis;
            fact(lead >= 0 ? "warned ahead by" : "warned after", Times.duration(lead), "from the first warning to the first failure");
        }
        b.append("</dl>\n");
    }

    private void fact(String name, String value, String title) {
        b.append("<div class=\"fact\"").append(title == null ? "" : " title=\"" + Escape.html(title) + "\"").append("><dt>")
                .append(Escape.html(name)).append("</dt><dd>").append(Escape.html(value)).append("</dd></div>\n");
    }

    private void culprits(Incident in) {
        List<DumpData.Site> sites = in.culprits();
        b.append("<h3>Culprit lines</h3>\n");
        if (sites.isEmpty()) {
            b.append("<p class=\"note\">No application callsite leaked, held or failed connections in the last dump.</p>\n");
            return;
        }
        b.append("<p class=\"note\">As the last dump ranks them: the most leaked first, then over limit, held past"
                + " holdThreshold, open.</p>\n");
        b.append("<table class=\"culprits\">\n<thead><tr><th>#</th><th>callsite</th><th>leaked</th><th>open</th><th>failed</th>"
                + "<th>acquired</th><th>closed</th><th>hold p99</th><th>hold max</th><th>over time</th></tr></thead>\n<tbody>\n");
        long from = in.firstMillis();
        long to = in.lastMillis();
        int rank = 0;
        for (DumpData.Site s : sites) {
            rank++;
            b.append("<tr class=\"culprit").append(rank == 1 ? " top" : "").append("\"><td>").append(rank).append("</td><td><code>")
                    .append(Escape.html(s.callsite)).append("</code>").append(flags(s)).append("</td><td class=\"n\">").append(s.leaked)
                    .append("</td><td class=\"n\">").append(s.open).append("</td><td class=\"n\">").append(s.failed)
                    .append("</td><td class=\"n\">").append(s.acquired).append("</td><td class=\"n\">").append(s.closed)
                    .append("</td><td class=\"n\">").append(Escape.html(Times.duration(Math.round(s.holdP99Millis))))
                    .append("</td><td class=\"n\">").append(Escape.html(Times.duration(Math.round(s.holdMaxMillis))))
                    .append("</td><td>").append(PoolChart.spark(column(in, s.callsite), from, to)).append("</td></tr>\n");
            List<DumpData.Held> held = in.heldAt(s.callsite);
            List<DumpData.Held> leaked = in.leakedAt(s.callsite);
            if (!held.isEmpty() || !leaked.isEmpty() || s.blameMessage != null) {
                b.append("<tr class=\"stacks\"><td></td><td colspan=\"9\">\n");
                if (s.blameMessage != null) {
                    b.append("<p class=\"blame\">").append(Escape.html(s.blameMessage)).append("</p>\n");
                }
                for (int i = 0; i < Math.min(HELD_SHOWN, leaked.size()); i++) {
                    leaked(leaked.get(i));
                }
                for (int i = 0; i < Math.min(HELD_SHOWN, held.size()); i++) {
                    held(held.get(i));
                }
                if (held.size() > HELD_SHOWN) {
                    b.append("<p class=\"note\">").append(held.size() - HELD_SHOWN).append(" more open connections in the dump.</p>\n");
                }
                b.append("</td></tr>\n");
            }
        }
        b.append("</tbody></table>\n");
    }

    private static String flags(DumpData.Site s) {
        List<String> f = new ArrayList<>();
        if (s.overLimit) {
            f.add("over limit");
        }
        if (s.heldPastThreshold) {
            f.add("held past holdThreshold");
        }
        return f.isEmpty() ? "" : " <span class=\"flag\">" + Escape.html(String.join(", ", f)) + "</span>";
    }

    private static TreeMap<Long, long[]> column(Incident in, String callsite) {
        TreeMap<Long, long[]> merged = new TreeMap<>();
        for (PoolHistory p : in.pools) {
            TreeMap<Long, long[]> c = p.sites().get(callsite);
            if (c != null) {
                merged.putAll(c);
            }
        }
        return merged;
    }

    private void held(DumpData.Held h) {
        b.append("<details class=\"held\"><summary>held ").append(Escape.html(Times.duration(h.ageMillis))).append(" by thread <b>\"")
                .append(Escape.html(h.thread)).append("\"</b>, now ").append(Escape.html(h.state)).append("</summary>\n");
        stack("where the holder is now", h.holderStack);
        stack("where it acquired the connection", h.acquireStack);
        b.append("</details>\n");
    }

    private void leaked(DumpData.Held h) {
        b.append("<details class=\"held\"><summary>leaked: acquired ").append(Escape.html(orElse(h.acquiredAt, "?")))
                .append(" by thread <b>\"").append(Escape.html(h.thread)).append("\"</b>, ").append(Escape.html(h.state))
                .append("</summary>\n");
        stack("where it acquired the connection", h.acquireStack);
        b.append("</details>\n");
    }

    private static String orElse(String s, String other) {
        return s != null ? s : other;
    }

    private void stack(String title, List<String> frames) {
        b.append("<div class=\"stack\"><p>").append(Escape.html(title)).append(frames.isEmpty() ? ": not captured (see the agent's"
                + " stacks option)" : ":").append("</p>");
        if (!frames.isEmpty()) {
            b.append("<pre>");
            for (int i = 0; i < Math.min(STACK_FRAMES, frames.size()); i++) {
                b.append("at ").append(Escape.html(frames.get(i))).append('\n');
            }
            if (frames.size() > STACK_FRAMES) {
                b.append("... ").append(frames.size() - STACK_FRAMES).append(" more\n");
            }
            b.append("</pre>");
        }
        b.append("</div>\n");
    }

    private void forecast(Incident in) {
        b.append("<h3>Forecast and advice</h3>\n");
        DumpData first = in.firstForecastDump();
        if (first != null) {
            for (DumpData.Pool p : first.pools) {
                if (p.forecast != null) {
                    b.append("<p class=\"forecast\"><span class=\"when\">first forecast, ").append(Escape.html(Times.clock(first.timeMillis)))
                            .append(":</span> ").append(Escape.html(p.forecast)).append("</p>\n");
                }
            }
        }
        for (DumpData.Pool p : in.poolStates()) {
            b.append("<p class=\"pool-state\">pool <b>").append(Escape.html(p.name)).append("</b> (").append(Escape.html(p.type))
                    .append(") at the last dump: max ").append(n(p.maxSize)).append(", active ").append(n(p.active)).append(", idle ")
                    .append(n(p.idle)).append(", waiting ").append(n(p.waiting)).append("; ConnTrack: in use ").append(p.inUse)
                    .append(", lost ").append(p.lost).append("</p>\n");
            if (p.forecast != null && first != in.last()) {
                b.append("<p class=\"forecast\"><span class=\"when\">last forecast:</span> ").append(Escape.html(p.forecast)).append("</p>\n");
            }
        }
        List<String> advice = in.advice();
        if (advice.isEmpty()) {
            b.append("<p class=\"note\">No advice: nothing measured calls for any.</p>\n");
        } else {
            b.append("<ul class=\"advice\">\n");
            for (String a : advice) {
                b.append("<li>").append(Escape.html(a)).append("</li>\n");
            }
            b.append("</ul>\n");
        }
    }

    private void postmortem(Postmortem pm) {
        b.append("<h3>Postmortem draft</h3>\n<article class=\"postmortem\">\n<h4>").append(Escape.html(pm.title)).append("</h4>\n");
        b.append("<h5>Summary</h5>\n");
        list(pm.summary);
        b.append("<h5>Timeline (UTC)</h5>\n<table class=\"timeline\"><tbody>\n");
        for (Postmortem.Event e : pm.timeline) {
            b.append("<tr data-ms=\"").append(e.atMillis).append("\"><td class=\"when\">").append(Escape.html(Times.clock(e.atMillis)))
                    .append("</td><td>").append(e.what.html()).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<h5>Root cause</h5>\n");
        list(pm.rootCause);
        b.append("<h5>Resolution</h5>\n");
        list(pm.resolution);
        b.append("<h5>Prevention</h5>\n");
        list(pm.prevention);
        b.append("</article>\n");
    }

    private void list(List<Prose> items) {
        b.append("<ul>\n");
        for (Prose p : items) {
            b.append("<li>").append(p.html()).append("</li>\n");
        }
        b.append("</ul>\n");
    }

    private void dumps(Incident in) {
        b.append("<details class=\"dumps\"><summary>").append(in.dumps.size()).append(" dump").append(in.dumps.size() == 1 ? "" : "s")
                .append(" read</summary><ul>\n");
        for (DumpData d : in.dumps) {
            b.append("<li>").append(Escape.html(Times.clock(d.timeMillis))).append(" <code>").append(Escape.html(d.triggerType))
                    .append("</code> ").append(Escape.html(d.file.getFileName().toString())).append("</li>\n");
        }
        b.append("</ul></details>\n");
    }

    private static String n(long v) {
        return v >= 0 ? Long.toString(v) : "-";
    }

    /** The page's style sheet. */
    static final class Style {
        static final String CSS = String.join("\n",
                ":root{--lost:#b03a2e;--inuse:#3b7dd8;--max:#444;--active:#111;--trigger:#e08a00;--fail:#d62728;--ink:#1d232b;--muted:#5b6570;}",
                "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:980px;padding:16px 24px;}",
                "h1{font-size:22px;margin:4px 0}h2{font-size:19px;margin:26px 0 8px;border-bottom:2px solid #d8dde3;padding-bottom:4px}",
                "h3{font-size:16px;margin:22px 0 6px}h4{font-size:16px;margin:4px 0 8px}h5{font-size:14px;margin:14px 0 4px}",
                ".meta,.note{color:var(--muted)}code,pre{font:12.5px/1.4 ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace}",
                "pre{background:#f5f7f9;border:1px solid #e2e6ea;padding:6px 8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:2px 0 8px}",
                ".problems{background:#fff4e5;border:1px solid #f0c27b;padding:4px 12px;margin:8px 0}",
                ".facts{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 4px}.fact{border:1px solid #d8dde3;border-radius:6px;padding:4px 10px}",
                ".fact dt{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}.fact dd{margin:0;font-weight:600}",
                "figure{margin:6px 0 10px}figcaption{color:var(--muted);margin-bottom:2px}",
                "svg.pool-chart{width:100%;height:auto;display:block;font-size:11px}",
                ".grid line{stroke:#e6e9ed;stroke-width:1}.grid line.tick{stroke:#f0f2f4}.ylabel{text-anchor:end;fill:var(--muted)}",
                ".xlabel{text-anchor:middle;fill:var(--muted)}.axis-title{fill:var(--muted)}.axis-title.utc{text-anchor:end}",
                ".area.lost{fill:var(--lost);opacity:.85}.area.in-use{fill:var(--inuse);opacity:.75}",
                ".line{fill:none}.line.max{stroke:var(--max);stroke-width:1.5;stroke-dasharray:6 4}.line.active{stroke:var(--active);stroke-width:1.2}",
                ".failures rect{fill:var(--fail)}.strip-base{stroke:#c9cfd6}",
                ".marker line{stroke-width:1.5}.marker.trigger line{stroke:var(--trigger);stroke-dasharray:3 3}",
                ".marker.first-warning line{stroke:var(--trigger);stroke-width:2.5}.marker.first-warning text{fill:#9a5c00;font-weight:600}",
                ".marker.first-failure line{stroke:var(--fail);stroke-width:2.5}.marker.first-failure text{fill:var(--fail);font-weight:600}",
                "rect.sample{fill:transparent}rect.sample:hover{fill:rgba(0,0,0,.06)}",
                ".legend{color:var(--muted);font-size:12px;margin:2px 0}.key{display:inline-block;width:14px;height:9px;margin:0 4px 0 10px;vertical-align:middle}",
                ".key.lost{background:var(--lost)}.key.in-use{background:var(--inuse)}.key.active{border-top:2px solid var(--active);height:0}",
                ".key.max{border-top:2px dashed var(--max);height:0}.key.failures{background:var(--fail)}",
                ".key.trigger{border-left:2px dashed var(--trigger);width:0}.key.first-failure{border-left:3px solid var(--fail);width:0}",
                "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:3px 6px;vertical-align:top}",
                "table.culprits th{font-size:12px;color:var(--muted);border-bottom:1px solid #d8dde3}td.n{text-align:right;font-variant-numeric:tabular-nums}",
                "tr.culprit td{border-top:1px solid #eef0f2}tr.culprit.top td{background:#fdf1ef}tr.culprit code{word-break:break-all}",
                ".flag{font-size:11px;color:#9a5c00}svg.spark path{fill:none;stroke-width:1.5}svg.spark .leaked{stroke:var(--lost)}svg.spark .open{stroke:var(--inuse)}",
                "details summary{cursor:pointer;color:#2f4b66}details.held{margin:2px 0}.stack p{margin:4px 0 0;color:var(--muted)}",
                ".forecast .when{font-weight:600}.advice li{margin:3px 0}",
                ".postmortem{border:1px solid #d8dde3;border-radius:6px;padding:6px 16px;background:#fbfcfd}",
                "table.timeline td.when{white-space:nowrap;font-variant-numeric:tabular-nums;color:var(--muted);width:1%}",
                "@media print{body{max-width:none;padding:0;font-size:11px}h2{break-before:page}section.jvm:first-of-type h2{break-before:auto}",
                "figure,tr,.postmortem{break-inside:avoid}nav,rect.sample:hover{display:none}pre{white-space:pre-wrap}}",
                "");
    }
}
