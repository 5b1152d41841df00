package com.acme.jmx;

import com.acme.cli.ChildMain;
import com.acme.cli.LoopApp;
import java.lang.management.ManagementFactory;
import java.util.logging.LogManager;
import javax.management.ObjectName;

/**
 * Child JVM that picks its own LogManager in main, as JBoss Modules does: that only works if nothing
 * initialized java.util.logging before main. Then creates the platform MBean server and reports
 * when the agent's MBean appears.
 */
public final class JulApp {

    /** A LogManager subclass the JVM only uses when it reads java.util.logging.manager after main started. */
    public static final class AppLogManager extends LogManager {
    }

    private JulApp() {
    }

    public static void main(String[] args) throws Exception {
        ChildMain.exitWhenStdinCloses();
        System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
        System.out.println("LOGMANAGER " + LogManager.getLogManager().getClass().getName());
        LoopApp.churn();
        ObjectName name = new ObjectName("io.conntrack:type=ConnTrack");
        long start = System.nanoTime();
        while (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
            if (System.nanoTime() - start > 20_000_000_000L) {
                System.out.println("MBEAN MISSING");
                return;
            }
            Thread.sleep(20);
        }
        System.out.println("MBEAN after " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
