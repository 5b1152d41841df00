package com.acme.scenarios;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.util.Properties;

/**
 * H2 under a class loader that delegates only the JDK's packages to its parent, as an OSGi framework
 * without boot delegation does, and that refuses even the bridge the agent defined into
 * {@code java.lang} (no real loader does; an OSGi one links it): woven code there could not link the
 * bridge, so Byte Buddy's self-suppressing advice is used. The application must run exactly as
 * without the agent.
 */
public final class NoBootDelegationScenario {

    public static void main(String[] args) throws Exception {
        try (URLClassLoader bundle = new JdkOnlyDelegation(IsolatedLoaderScenario.h2Jar())) {
            Driver driver = (Driver) Class.forName("org.h2.Driver", true, bundle).getDeclaredConstructor().newInstance();
            System.out.println("BRIDGE-VISIBLE-TO-DRIVER " + IsolatedLoaderScenario.visible(bundle, "java.lang.ConnTrackBridge"));
            int rows = 0;
            for (int i = 0; i < 5; i++) {
                try (Connection c = driver.connect("jdbc:h2:mem:bundle;DB_CLOSE_DELAY=-1", new Properties());
                     var rs = c.createStatement().executeQuery("SELECT 1")) {
                    rs.next();
                    rows += rs.getInt(1);
                }
            }
            System.out.println("ROWS " + rows);
        }
        Agent.printSnapshot();
    }

    /** Parent-last for everything but java.* and javax.* (the JDK's), which go to the platform loader. */
    static final class JdkOnlyDelegation extends URLClassLoader {
        JdkOnlyDelegation(URL jar) {
            super(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("java.lang.ConnTrack")) {
                throw new ClassNotFoundException(name); // hostile on purpose: see the class comment
            }
            if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name); // ClassNotFoundException for io.conntrack.*
            }
        }
    }
}
