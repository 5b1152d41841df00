package com.acme.loaders;

import com.acme.loaders.workload.LoaderWorkload;
import com.acme.scenarios.Agent;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads H2 and a JDBC workload into a throw-away class loader, lets ConnTrack mark the workload's call
 * site and see one leaked connection, drops the loader and reports whether the GC collected it.
 */
public final class ClassLoaderScenario {

    public static void main(String[] args) throws Exception {
        // On the main thread, which lives on: the agent's per-thread state must not keep the loader either.
        WeakReference<ClassLoader> ref = runAndDrop();
        boolean collected = false;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
            if (ref.get() == null) {
                collected = true;
                break;
            }
        }
        System.out.println("LOADER-COLLECTED " + collected);
        if (Agent.snapshotJson() != null) {
            Agent.awaitLeaks(1);
            Agent.printSnapshot();
        }
    }

    private static WeakReference<ClassLoader> runAndDrop() throws Exception {
        Path classes = Files.createTempDirectory("isolated-classes");
        String rel = LoaderWorkload.class.getName().replace('.', '/') + ".class";
        Path target = classes.resolve(rel);
        Files.createDirectories(target.getParent());
        try (var in = ClassLoaderScenario.class.getClassLoader().getResourceAsStream(rel)) {
            Files.copy(in, target);
        }
        URL h2 = org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), h2},
                ClassLoader.getPlatformClassLoader());
        Class<?> workload = Class.forName(LoaderWorkload.class.getName(), true, loader);
        if (workload.getClassLoader() != loader) {
            throw new IllegalStateException("the workload must come from the isolated loader");
        }
        Method borrow = workload.getMethod("borrow", int.class);
        long deadline = System.nanoTime() + 10_000_000_000L;
        int borrowed = 0;
        do {
            borrowed += (Integer) borrow.invoke(null, 200);
        } while (Agent.snapshotJson() != null && !marked() && System.nanoTime() < deadline);
        workload.getMethod("leakOne").invoke(null);
        System.out.println("BORROWED " + borrowed + " MARKED " + marked());
        loader.close();
        return new WeakReference<>(loader);
    }

    private static boolean marked() {
        JsonNode s = Agent.snapshot();
        return s != null && s.get("agent").get("callsitesMarked").asLong() != 0;
    }
}
