package com.widgetify.load;

/**
 * Who sends what: browsing clients (mostly the catalogue, sometimes a widget's report), shoppers
 * placing orders, and clients following stale links to reports of widgets that no longer exist.
 */
public final class LoadPlan {

    public final long durationMillis;
    public final int browsers;
    public final int shoppers;
    public final int staleLinkFollowers;
    public final long browserPauseMillis;
    public final long shopperPauseMillis;
    public final long staleLinkPauseMillis;
    /** Share of a browser's requests that open a widget's report, in percent. */
    public final int reportPercent;
    /** Widgets 1..widgetCount exist; stale links point above. */
    public final int widgetCount;

    public LoadPlan(long durationMillis, int browsers, int shoppers, int staleLinkFollowers, long browserPauseMillis,
                    long shopperPauseMillis, long staleLinkPauseMillis, int reportPercent, int widgetCount) {
        this.durationMillis = durationMillis;
        this.browsers = browsers;
        this.shoppers = shoppers;
        this.staleLinkFollowers = staleLinkFollowers;
        this.browserPauseMillis = browserPauseMillis;
        this.shopperPauseMillis = shopperPauseMillis;
        this.staleLinkPauseMillis = staleLinkPauseMillis;
        this.reportPercent = reportPercent;
        this.widgetCount = widgetCount;
    }

    /** The demo's mix for the given duration. */
    public static LoadPlan standard(long durationMillis) {
        return new LoadPlan(durationMillis, 4, 3, 1, 25, 250, 1000, 15, 50);
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "%.0fs: %d browsing clients (GET /widgets, %d%% GET /widgets/{id}/report), %d shoppers (POST /orders), "
                        + "%d client following stale links (GET /widgets/{missing id}/report every %dms)",
                durationMillis / 1000.0, browsers, reportPercent, shoppers, staleLinkFollowers, staleLinkPauseMillis);
    }
}
