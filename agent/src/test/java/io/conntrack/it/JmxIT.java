package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.jmx.JulApp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import com.acme.cli.LoopApp;
import io.conntrack.testsupport.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import java.util.jar.JarFile;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MBean io.conntrack:type=ConnTrack of a child JVM, read through the attach API's local JMX connector. */
class JmxIT {

    @TempDir
    Path dir;

    @Test
    void attributesCallsitesAndOperations() throws Exception {
        Path dumps = dir.resolve("dumps");
        String agent = "-javaagent:" + ChildJvm.agentJar() + "=limit=7,holdThreshold=10m,dumpOnExit=false,dumpDir=" + dumps;
        try (ChildJvm.Running app = ChildJvm.start("jmx-loop", Collections.singletonList(agent), LoopApp.class, "2")) {
            app.awaitStdout("READY", Duration.ofSeconds(60));
            VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
            try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
                MBeanServerConnection s = c.getMBeanServerConnection();
                ObjectName name = new ObjectName("io.conntrack:type=ConnTrack");

                assertEquals(manifestVersion(), s.getAttribute(name, "Version"));
                assertEquals(manifestVersion(), vm.getSystemProperties().getProperty("conntrack.version"));
                assertEquals(1, s.getAttribute(name, "InterfaceVersion"));
                assertEquals(true, s.getAttribute(name, "Active"));
                assertEquals(7, s.getAttribute(name, "Limit"));
                assertEquals(0, s.getAttribute(name, "TotalLimit"));
                assertEquals(600_000L, s.getAttribute(name, "HoldThresholdMillis"));
                assertEquals(dumps.toAbsolutePath().normalize().toString(), s.getAttribute(name, "DumpDirectory"));
                long open = (Long) s.getAttribute(name, "ApplicationOpen");
                assertTrue(open == 2 || open == 3, "LoopApp keeps two open, plus at times the one it churns: " + open);
                long acquired = (Long) s.getAttribute(name, "ApplicationAcquired");
                long closed = (Long) s.getAttribute(name, "ApplicationClosed");
                assertTrue(acquired >= 3 && closed >= 1, acquired + " acquired, " + closed + " closed");
                assertEquals(0L, s.getAttribute(name, "ApplicationLeaked"));
                assertEquals(0L, s.getAttribute(name, "PoolOpen"));
                assertEquals("JDBC connections tracked per callsite by the ConnTrack agent", s.getMBeanInfo(name).getDescription());

                TabularData sites = (TabularData) s.getAttribute(name, "Callsites");
                CompositeData kept = row(sites, "com.acme.cli.LoopApp.keepOpen(LoopApp.java:");
                assertEquals(2L, kept.get("open"));
                assertEquals(2L, kept.get("acquired"));
                assertEquals(false, kept.get("poolOwned"));
                assertEquals(1, kept.get("rank"), "ranked as in dumps: open 2 before the churn's 0 or 1");
                CompositeData churn = row(sites, "com.acme.cli.LoopApp.churn(LoopApp.java:");
                assertTrue((Long) churn.get("open") <= 1, "at most the one it is churning right now: " + churn);
                assertEquals(2, churn.get("rank"));
                assertTrue((Long) churn.get("closed") >= 1 && (Double) churn.get("holdMaxMillis") > 0, churn.toString());
                assertEquals(sites.size(), s.getAttribute(name, "CallsiteCount"));

                String path = (String) s.invoke(name, "dump", new Object[0], new String[0]);
                assertNotNull(path, "dump() could not write its file\n" + app.output());
                Path json = Paths.get(path);
                assertEquals(dumps.toAbsolutePath().normalize(), json.getParent());
                JsonNode written = new ObjectMapper().readTree(Files.readAllBytes(json));
                assertEquals("onDemand", written.at("/trigger/type").asText());
                assertEquals("requested through JMX", written.at("/trigger/message").asText());

                String text = (String) s.invoke(name, "dumpJson", new Object[0], new String[0]);
                JsonNode fresh = new ObjectMapper().readTree(text);
                assertEquals("conntrack-dump/3", fresh.get("format").asText());
                assertTrue(fresh.at("/totals/application/open").asLong() >= 2, text);
                assertTrue(text.contains("LoopApp.keepOpen"), text);
                String plain = (String) s.invoke(name, "dumpText", new Object[0], new String[0]);
                assertTrue(plain.startsWith("ConnTrack dump ") && plain.contains("LoopApp.keepOpen"), plain);
                try (var files = Files.list(dumps)) {
                    assertEquals(2, files.filter(f -> f.getFileName().toString().contains("-onDemand")).count(),
                            "only dump() writes files: one .json and one .txt");
                }

                s.invoke(name, "resetPeaks", new Object[0], new String[0]);
                CompositeData afterReset = row((TabularData) s.getAttribute(name, "Callsites"), "LoopApp.churn(");
                assertTrue((Long) afterReset.get("peak") <= 1, afterReset.toString());
            } finally {
                vm.detach();
            }
            assertFalse(app.stderr().contains("ERROR"), app.output());
        }
    }

    @Test
    void premainLeavesLoggingAloneAndRegistersOnceTheServerExists() throws Exception {
        String agent = "-javaagent:" + ChildJvm.agentJar() + "=dumpOnExit=false,dumpDir=" + dir;
        try (ChildJvm.Running app = ChildJvm.start("jmx-jul", Collections.singletonList(agent), JulApp.class)) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            assertTrue(app.stdout().contains("LOGMANAGER " + JulApp.AppLogManager.class.getName()),
                    "the agent initialized java.util.logging before main\n" + app.output());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("MBEAN after (\\d+) ms").matcher(app.stdout());
            assertTrue(m.find(), app.output());
            assertTrue(Long.parseLong(m.group(1)) < 5000, "the MBean should follow the platform server at once (it waits for it up to 10 s): " + app.stdout());
        }
    }

    private static CompositeData row(TabularData table, String callsitePrefix) {
        for (Object o : table.values()) {
            CompositeData c = (CompositeData) o;
            if (((String) c.get("callsite")).contains(callsitePrefix)) {
                return c;
            }
        }
        throw new AssertionError("no callsite " + callsitePrefix + " in " + table.values());
    }

    private static String manifestVersion() throws Exception {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }
}
