package io.conntrack.reporting;

import io.conntrack.text.Printable;
import java.lang.reflect.Method;

/**
 * The agent's own log: single lines on stderr, prefixed {@code [conntrack]}. Never touches the
 * application's logging during premain. Dump warnings go to SLF4J's logger {@code conntrack} when the
 * application has SLF4J at that moment (so they land in its log pipeline), else to stderr. Every
 * message is one line: control characters in it (from thread, class or file names) are escaped by
 * {@link Printable}, so nothing the application names can forge a line of ours.
 */
public final class Log {

    private static final String PREFIX = "[conntrack] ";
    private Log() {
    }

    public static void info(String message) {
        System.err.println(PREFIX + Printable.escape(message));
    }

    public static void warn(String message) {
        System.err.println(PREFIX + "WARN " + Printable.escape(message));
    }

    public static void error(String message) {
        System.err.println(PREFIX + "ERROR " + Printable.escape(message));
    }

    /**
     * One WARN line through the application's SLF4J, looked up by reflection from the system and
     * context class loaders; stderr when there is none or it fails.
     */
    public static void warnToApplication(String message) {
        try {
            Object logger = slf4jLogger();
            if (logger != null) {
                Method warn = Class.forName("org.slf4j.Logger", false, logger.getClass().getClassLoader())
                        .getMethod("warn", String.class);
                warn.invoke(logger, Printable.escape(message));
                return;
            }
        } catch (Throwable ignored) {
            // fall through to stderr
        }
        warn(message);
    }

    private static Object slf4jLogger() throws ReflectiveOperationException {
        for (ClassLoader cl : new ClassLoader[] {Thread.currentThread().getContextClassLoader(), ClassLoader.getSystemClassLoader()}) {
            if (cl == null) {
                continue;
            }
            Class<?> factory;
            try {
                factory = Class.forName("org.slf4j.LoggerFactory", true, cl);
            } catch (ClassNotFoundException e) {
                continue;
            }
            Object logger = factory.getMethod("getLogger", String.class).invoke(null, "conntrack");
            // SLF4J without a provider logs nowhere (NOP): stderr is better then.
            if (logger == null || logger.getClass().getName().equals("org.slf4j.helpers.NOPLogger")) {
                return null;
            }
            return logger;
        }
        return null;
    }
}
