package io.conntrack.cli;

import io.conntrack.jmx.ConnTrackMBean;
import io.conntrack.jmx.JmxSupport;
import io.conntrack.text.Printable;
import java.io.IOException;
import java.util.Properties;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** Talks to the agent's MBean in an attached JVM over the JVM's local JMX connector. */
final class AgentClient implements AutoCloseable {

    static final String VERSION_PROPERTY = "conntrack.version";
    static final String ERROR_PROPERTY = "io.conntrack.startError";
    /** The running agent's options, one key=value a line (AgentStarter.OPTIONS_PROPERTY). */
    static final String OPTIONS_PROPERTY = "io.conntrack.options";

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final ObjectName name;
    final String agentVersion;

    private AgentClient(long pid, JMXConnector connector, ObjectName name, String agentVersion) throws IOException {
        this.pid = pid;
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.name = name;
        this.agentVersion = agentVersion;
    }

    /** Connects to the agent in {@code target}, or explains why it cannot (not loaded, incompatible). */
    static AgentClient connect(TargetJvm target) throws CliException {
        Properties props = target.systemProperties();
        String version = props.getProperty(VERSION_PROPERTY);
        if (version == null) {
            throw notLoaded(target, props.getProperty(ERROR_PROPERTY));
        }
        version = Printable.escape(version);
        JMXConnector c = null;
        try {
            c = JMXConnectorFactory.connect(new JMXServiceURL(target.localJmxAddress()));
            ObjectName name = new ObjectName(JmxSupport.OBJECT_NAME);
            MBeanServerConnection s = c.getMBeanServerConnection();
            if (!registered(s, name)) {
                throw new CliException(Exit.INCOMPATIBLE, "JVM " + target.pid + " runs ConnTrack " + version
                        + " but its MBean " + JmxSupport.OBJECT_NAME + " is missing (an agent without JMX support, "
                        + "or its registration failed: look for a [conntrack] ERROR line in that JVM's stderr)");
            }
            Object iv = s.getAttribute(name, "InterfaceVersion");
            if (!Integer.valueOf(ConnTrackMBean.INTERFACE_VERSION).equals(iv)) {
                throw new CliException(Exit.INCOMPATIBLE, "JVM " + target.pid + " runs ConnTrack " + version
                        + " (management interface " + Printable.escape(iv) + "); this tool is ConnTrack " + Main.version()
                        + " (interface " + ConnTrackMBean.INTERFACE_VERSION + "). Use the conntrack-agent.jar of the "
                        + "version that JVM runs.");
            }
            AgentClient client = new AgentClient(target.pid, c, name, version);
            c = null;
            return client;
        } catch (IOException | JMException e) {
            throw new CliException(Exit.FAILED, "cannot talk to ConnTrack in " + target.pid + " over JMX: " + e, e);
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // nothing else to do
                }
            }
        }
    }

    /**
     * Started with -javaagent, the agent registers its MBean only once the platform MBean server
     * exists; the local connector just created it, so the MBean follows within a moment.
     */
    private static boolean registered(MBeanServerConnection s, ObjectName name) throws IOException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!s.isRegistered(name)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    static CliException notLoaded(TargetJvm target, String error) {
        String why = error == null ? "" : " (its last start said: " + Printable.escape(error) + ")";
        return new CliException(Exit.NOT_LOADED, "ConnTrack is not running in JVM " + target.pid + " (" + target.displayName
                + ")" + why + ". Attach it first:\n  " + Main.SELF + " attach " + target.pid
                + "\nor start that JVM with -javaagent:" + Main.jarPathOrName() + ".");
    }

    AttributeList attributes(String... names) throws CliException {
        try {
            return server.getAttributes(name, names);
        } catch (IOException | JMException e) {
            throw failed("reading attributes", e);
        }
    }

    static Object value(AttributeList list, String attribute) {
        for (Attribute a : list.asList()) {
            if (a.getName().equals(attribute)) {
                return a.getValue();
            }
        }
        return null;
    }

    TabularData callsites() throws CliException {
        try {
            return (TabularData) server.getAttribute(name, "Callsites");
        } catch (IOException | JMException e) {
            throw failed("reading callsites", e);
        }
    }

    /** The agent's Pools table, or null from an agent that has none (older than pools). */
    TabularData pools() throws CliException {
        try {
            return (TabularData) server.getAttribute(name, "Pools");
        } catch (javax.management.AttributeNotFoundException e) {
            return null;
        } catch (IOException | JMException e) {
            throw failed("reading pools", e);
        }
    }

    String invoke(String operation) throws CliException {
        try {
            return (String) server.invoke(name, operation, new Object[0], new String[0]);
        } catch (IOException | JMException e) {
            throw failed("calling " + operation + "()", e);
        }
    }

    private CliException failed(String what, Exception e) {
        return new CliException(Exit.FAILED, what + " from ConnTrack in " + pid + " failed: " + e, e);
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the target went away
        }
    }
}
