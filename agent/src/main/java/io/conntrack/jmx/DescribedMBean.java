package io.conntrack.jmx;

import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/** The agent's MBean with a sentence for each attribute and operation, as JConsole shows them. */
final class DescribedMBean extends StandardMBean {

    private static final Map<String, String> TEXT = new HashMap<>();

    static {
        TEXT.put("Version", "ConnTrack version running in this JVM");
        TEXT.put("InterfaceVersion", "Version of this MBean's attributes and operations");
        TEXT.put("Active", "False once an internal error turned tracking off");
        TEXT.put("ApplicationOpen", "Connections application code holds now");
        TEXT.put("ApplicationPeak", "Most connections application code held at once (see resetPeaks)");
        TEXT.put("ApplicationAcquired", "Connections handed to application code since start");
        TEXT.put("ApplicationClosed", "Application connections closed since start");
        TEXT.put("ApplicationLeaked", "Application connections garbage-collected without close()");
        TEXT.put("ApplicationFailed", "Acquisitions by application code that threw");
        TEXT.put("PoolOpen", "Physical connections pools opened for themselves, open now");
        TEXT.put("PoolAcquired", "Physical connections pools opened since start");
        TEXT.put("CallsiteCount", "Callsites known");
        TEXT.put("Limit", "Open connections per callsite that trigger a dump (limit=)");
        TEXT.put("TotalLimit", "Open application connections that trigger a dump, 0 = off (totalLimit=)");
        TEXT.put("HoldThresholdMillis", "Hold time that counts as too long (holdThreshold=)");
        TEXT.put("DumpDirectory", "Where dumps are written (dumpDir=)");
        TEXT.put("Callsites", "Counters per callsite; times in milliseconds");
        TEXT.put("Pools", "The pools seen: their own numbers (-1 where a pool does not tell), ConnTrack's in use and lost, "
                + "the exhaustion forecast and advice");
        TEXT.put("dump", "Writes a dump into DumpDirectory now; returns the JSON file's path");
        TEXT.put("dumpJson", "Takes a dump in memory and returns its JSON; writes nothing");
        TEXT.put("dumpText", "Takes a dump in memory and returns its text form; writes nothing");
        TEXT.put("resetPeaks", "Sets every peak to the current open count");
    }

    DescribedMBean(ConnTrackMBean bean) throws NotCompliantMBeanException {
        super(bean, ConnTrackMBean.class);
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return "JDBC connections tracked per callsite by the ConnTrack agent";
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return TEXT.getOrDefault(info.getName(), info.getDescription());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return TEXT.getOrDefault(info.getName(), info.getDescription());
    }
}
