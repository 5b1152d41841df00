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
    /**
     * Shopper i starts i times this late, so orders are spread over the payment call rather than
     * all in flight at once (like real traffic, and so a dump at any moment finds an order mid-call).
     */
    public final long shopperStaggerMillis;
    /** Share of a browser's requests that open a widget's report, in percent. */
    public final int reportPercent;
    /** Widgets 1..widgetCount exist; stale links point above. */
    public final int widgetCount;

    public LoadPlan(long durationMillis, int browsers, int shoppers, int staleLinkFollowers, long browserPauseMillis,
                    long shopperPauseMillis, long staleLinkPauseMillis, long shopperStaggerMillis, int reportPercent,
                    int widgetCount) {
        this.durationMillis = durationMillis;
        this.browsers = browsers;
        this.shoppers = shoppers;
        this.staleLinkFollowers = staleLinkFollowers;
        this.browserPauseMillis = browserPauseMillis;
        this.shopperPauseMillis = shopperPauseMillis;
        this.staleLinkPauseMillis = staleLinkPauseMillis;
        this.shopperStaggerMillis = shopperStaggerMillis;
        this.reportPercent = reportPercent;
        this.widgetCount = widgetCount;
    }

    /**
     * The demo's mix for the given duration. An order takes about 3.25s (the 3s payment call plus a
     * shopper's pause), so three shoppers staggered by 1.1s keep one order in each third of it.
     */
    public static LoadPlan standard(long durationMillis) {
        return new LoadPlan(durationMillis, 4, 3, 1, 25, 250, 1000, 1100, 15, 50);
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "%.0fs: %d browsing clients (GET /widgets, %d%% GET /widgets/{id}/report), "
                        + "%d shoppers (POST /orders, starting %dms apart), %d client following stale links (GET /widgets/{missing id}/report every %dms)",
                durationMillis / 1000.0, browsers, reportPercent, shoppers, shopperStaggerMillis, staleLinkFollowers,
                staleLinkPauseMillis);
    }
}
