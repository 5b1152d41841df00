package io.conntrack.jmx;

import io.conntrack.reporting.Log;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * Registers the agent's MBean in the platform MBean server; opens no port. Creating the platform
 * MBean server initializes java.util.logging's LogManager, so during premain (before the
 * application's main could pick its own LogManager, as JBoss/WildFly do) it is not created here: the
 * MBean is registered as soon as anything else creates the server (the application, a JMX agent, a
 * tool attaching), or after {@link #DEFER_MILLIS} at the latest.
 */
public final class JmxSupport {

    public static final String OBJECT_NAME = "io.conntrack:type=ConnTrack";
    static final long DEFER_MILLIS = 10_000;
    private static final long POLL_MILLIS = 100;

    private JmxSupport() {
    }

    /**
     * Registers now when {@code now} or when the platform MBean server already exists, else from a
     * daemon thread later. A failure costs one log line and nothing else.
     */
    public static void register(ConnTrackMBean bean, boolean now) {
        if (now || platformServerExists()) {
            registerNow(bean);
            return;
        }
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + DEFER_MILLIS * 1_000_000;
            try {
                while (!platformServerExists() && System.nanoTime() < deadline) {
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            registerNow(bean);
        }, "conntrack-jmx");
        t.setDaemon(true);
        t.start();
    }

    /** True once someone created the platform MBean server (it is listed by the factory); creates nothing. */
    static boolean platformServerExists() {
        return !MBeanServerFactory.findMBeanServer(null).isEmpty();
    }

    static boolean registerNow(ConnTrackMBean bean) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new DescribedMBean(bean), name);
            return true;
        } catch (Throwable t) {
            Log.error("JMX MBean " + OBJECT_NAME + " not registered (tracking goes on): " + t);
            return false;
        }
    }
}
