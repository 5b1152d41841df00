package io.conntrack.jmx;

import io.conntrack.reporting.Log;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers the agent's MBean in the platform MBean server; opens no port. */
public final class JmxSupport {

    public static final String OBJECT_NAME = "io.conntrack:type=ConnTrack";

    private JmxSupport() {
    }

    /** Returns whether the MBean is registered; a failure costs one log line and nothing else. */
    public static boolean register(ConnTrackMBean bean) {
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
