package com.widgetify.health;

import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * Reaches ConnTrack's public API by reflection, so the service neither compiles against nor needs
 * the agent: every method answers null when the JVM was started without it.
 */
public final class ConnTrackProbe {

    private static final String API = "io.conntrack.ConnTrack";

    private final Class<?> api;

    private ConnTrackProbe(Class<?> api) {
        this.api = api;
    }

    /** The probe of this JVM: the agent puts its API on the system class path. */
    public static ConnTrackProbe find() {
        try {
            return new ConnTrackProbe(Class.forName(API, true, ClassLoader.getSystemClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return new ConnTrackProbe(null);
        }
    }

    public boolean active() {
        return Boolean.TRUE.equals(call("isActive", new Class<?>[0]));
    }

    /** Totals and callsites as JSON, or null when the agent is not running. */
    public String snapshotJson() {
        return active() ? (String) call("snapshotJson", new Class<?>[0]) : null;
    }

    /** Writes a dump now; its JSON file's path, or null when the agent is not running. */
    public Path dump(String reason) {
        return active() ? (Path) call("dump", new Class<?>[] {String.class}, reason) : null;
    }

    private Object call(String name, Class<?>[] types, Object... args) {
        if (api == null) {
            return null;
        }
        try {
            Method m = api.getMethod(name, types);
            return m.invoke(null, args);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
