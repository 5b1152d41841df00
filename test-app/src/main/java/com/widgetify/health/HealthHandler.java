package com.widgetify.health;

import com.widgetify.http.Endpoint;
import com.widgetify.http.Request;
import com.widgetify.http.Response;
import com.widgetify.json.Json;
import com.widgetify.json.JsonObject;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: the pool as HikariCP sees it and, when the agent runs, ConnTrack's totals. It
 * never touches the database, so it answers during an outage too.
 */
public final class HealthHandler implements Endpoint {

    private final HikariDataSource dataSource;
    private final ConnTrackProbe connTrack;

    public HealthHandler(HikariDataSource dataSource, ConnTrackProbe connTrack) {
        this.dataSource = dataSource;
        this.connTrack = connTrack;
    }

    @Override
    public Response serve(Request request) {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        int active = pool.getActiveConnections();
        int idle = pool.getIdleConnections();
        int waiting = pool.getThreadsAwaitingConnection();
        int max = dataSource.getMaximumPoolSize();
        Map<String, Object> poolStats = new LinkedHashMap<>();
        poolStats.put("name", dataSource.getPoolName());
        poolStats.put("maximumPoolSize", max);
        poolStats.put("active", active);
        poolStats.put("idle", idle);
        poolStats.put("waiting", waiting);
        poolStats.put("total", pool.getTotalConnections());

        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", active >= max && idle == 0 ? "POOL_EXHAUSTED" : "UP");
        health.put("pool", poolStats);
        health.put("conntrack", connTrackTotals());
        return Response.ok(Json.write(health));
    }

    private Map<String, Object> connTrackTotals() {
        String snapshot = connTrack.snapshotJson();
        if (snapshot == null) {
            return null;
        }
        JsonObject totals = JsonObject.parse(snapshot).object("totals");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String group : new String[] {"application", "pool"}) {
            JsonObject t = totals == null ? null : totals.object(group);
            if (t != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String n : t.names()) {
                    m.put(n, t.number(n, 0));
                }
                out.put(group, m);
            }
        }
        return out;
    }
}
