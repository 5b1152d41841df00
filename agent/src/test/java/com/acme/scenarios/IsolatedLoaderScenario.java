package com.acme.scenarios;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.util.Properties;

/**
 * H2 loaded by a class loader that cannot see the system class path: the advice inlined into its
 * Driver and Connection can only reach the agent through the bootstrap bridge. Its parent is the
 * platform loader, not the bootstrap loader ({@code null}): since Java 9 {@code java.sql} is a
 * platform module, and a driver under a bootstrap-parented loader cannot even load {@code java.sql.Driver}.
 */
public final class IsolatedLoaderScenario {

    public static void main(String[] args) throws Exception {
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {h2Jar()}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) Class.forName("org.h2.Driver", true, isolated).getDeclaredConstructor().newInstance();
            System.out.println("DRIVER-LOADER-ISOLATED " + (driver.getClass().getClassLoader() == isolated));
            System.out.println("SYSTEM-CLASSPATH-VISIBLE-TO-DRIVER " + visible(isolated, Agent.class.getName()));
            System.out.println("BRIDGE-FROM-BOOTSTRAP-VISIBLE-TO-DRIVER " + (visible(isolated, "java.lang.ConnTrackBridge")
                    && Class.forName("java.lang.ConnTrackBridge", false, isolated).getClassLoader() == null));
            for (int i = 0; i < 25; i++) {
                try (Connection c = driver.connect("jdbc:h2:mem:isolated;DB_CLOSE_DELAY=-1", new Properties())) { // ISOLATED
                    if (i == 0) {
                        System.out.println("CONNECTION-LOADER-ISOLATED " + (c.getClass().getClassLoader() == isolated));
                    }
                    c.isValid(1);
                }
            }
            Connection held = driver.connect("jdbc:h2:mem:isolated;DB_CLOSE_DELAY=-1", new Properties()); // HELD
            Agent.printSnapshot();
            held.close();
        }
        Agent.printSnapshot();
    }

    static boolean visible(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The H2 jar on the class path, found without loading any of its classes here. */
    static URL h2Jar() throws Exception {
        URL driver = ClassLoader.getSystemResource("org/h2/Driver.class");
        String s = driver.toString(); // jar:file:/.../h2-x.y.z.jar!/org/h2/Driver.class
        if (!s.startsWith("jar:")) {
            throw new IllegalStateException("H2 is not in a jar: " + s);
        }
        return new URL(s.substring("jar:".length(), s.indexOf("!/")));
    }
}
