package com.acme.tracking;

import io.conntrack.tracking.Tracker;

/** Two lines that leak (tie-breaks between callsites are by name: alpha before beta). */
public final class TwoLeakers {

    private TwoLeakers() {
    }

    public static Object beta(Tracker t) {
        return Jdbc.getConnection(t, Jdbc.POOL); // BETA
    }

    public static Object alpha(Tracker t) {
        return Jdbc.getConnection(t, Jdbc.POOL); // ALPHA
    }
}
