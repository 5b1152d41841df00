package com.acme.cds;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;

/**
 * A small HikariCP + H2 program run from jars only (class-data sharing archives need jars): it borrows
 * connections, prints one of its own frames, and checks that the agent's internals are hidden from it.
 * Self-contained: the archive test puts only this package's jar, HikariCP, H2 and SLF4J on the class path.
 */
public final class ArchiveScenario {

    public static void main(String[] args) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:h2:mem:archive;DB_CLOSE_DELAY=-1");
        cfg.setMaximumPoolSize(2);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            for (int i = 0; i < 200; i++) {
                try (Connection c = ds.getConnection()) { // BORROW
                    c.isValid(1);
                }
            }
        }
        System.out.println("FRAME " + new Throwable().getStackTrace()[0]); // OWN-FRAME
        for (String internal : new String[] {"io.conntrack.AgentRuntime", "io.conntrack.tracking.Tracker",
            "io.conntrack.shaded.net.bytebuddy.ByteBuddy", "io.conntrack.bootstrap.Bridge"}) {
            try {
                Class.forName(internal);
                System.out.println("VISIBLE " + internal);
            } catch (ClassNotFoundException e) {
                System.out.println("HIDDEN " + internal);
            }
        }
        System.out.println("RESOURCE " + ClassLoader.getSystemResource("io/conntrack/tracking/Tracker.class"));
        Class<?> api = null;
        try {
            api = Class.forName("io.conntrack.ConnTrack");
        } catch (ClassNotFoundException e) {
            // no agent jar on the class path (a run without the agent)
        }
        System.out.println("API-ACTIVE " + (api != null && (Boolean) api.getMethod("isActive").invoke(null)));
        String json = api == null ? null : (String) api.getMethod("snapshotJson").invoke(null);
        if (json != null) { // the application's totals and how many call sites were marked
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"application\":\\{[^}]*\"acquired\":(\\d+)").matcher(json);
            java.util.regex.Matcher marked = java.util.regex.Pattern.compile("\"callsitesMarked\":(\\d+)").matcher(json);
            System.out.println("ACQUIRED " + (m.find() ? m.group(1) : "?") + " MARKED " + (marked.find() ? marked.group(1) : "?"));
        }
    }
}
