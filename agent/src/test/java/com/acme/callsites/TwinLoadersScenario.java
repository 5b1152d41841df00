package com.acme.callsites;

import com.acme.scenarios.Agent;
import com.acme.scenarios.Pools;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.sql.DataSource;

/**
 * {@link TwinDao} loaded by two class loaders borrows from one pool: two callsites that render alike.
 * The JMX callsite table must still build (one row for that frame), and /metrics must carry one series.
 */
public final class TwinLoadersScenario {

    public static void main(String[] args) throws Exception {
        URL classes = TwinDao.class.getProtectionDomain().getCodeSource().getLocation();
        List<Connection> held = new ArrayList<>();
        try (HikariDataSource ds = Pools.hikari("twins", 6);
             URLClassLoader first = new ChildFirst(classes);
             URLClassLoader second = new ChildFirst(classes)) {
            for (URLClassLoader app : new URLClassLoader[] {first, second}) {
                Class<?> dao = Class.forName(TwinDao.class.getName(), true, app);
                System.out.println("LOADER-DISTINCT " + (dao != TwinDao.class));
                held.add((Connection) dao.getMethod("borrow", DataSource.class).invoke(null, ds));
            }
            held.add((Connection) Class.forName(TwinDao.class.getName(), true, first).getMethod("borrow", DataSource.class)
                    .invoke(null, ds));
            Agent.printSnapshot();
            javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.conntrack:type=ConnTrack");
            for (int i = 0; i < 100 && !server.isRegistered(name); i++) {
                Thread.sleep(50); // the agent registers its MBean once the platform server exists (JmxSupport)
            }
            TabularData table = (TabularData) server.getAttribute(name, "Callsites");
            for (Object row : table.values()) {
                CompositeData c = (CompositeData) row;
                System.out.println("JMX-ROW " + c.get("callsite") + " open=" + c.get("open"));
            }
            for (Connection c : held) {
                c.close();
            }
        }
    }

    /** Loads TwinDao itself, everything else from the application's loader. */
    static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL classes) {
            super(new URL[] {classes}, TwinLoadersScenario.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(TwinDao.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }
}
