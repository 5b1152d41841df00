package com.acme.scenarios;

import java.nio.file.Path;

/** Scenario-side access to the agent, by reflection (scenarios are not compiled against it). */
public final class Agent {

    private Agent() {
    }

    public static String snapshotJson() {
        try {
            return (String) Class.forName("io.conntrack.ConnTrack").getMethod("snapshotJson").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Prints the snapshot on one marked line for {@code ChildJvm.Result.snapshot()}. */
    public static void printSnapshot() {
        System.out.println("CONNTRACK-SNAPSHOT " + snapshotJson());
    }

    public static Path dump(String reason) throws ReflectiveOperationException {
        return (Path) Class.forName("io.conntrack.ConnTrack").getMethod("dump", String.class).invoke(null, reason);
    }

    /** Runs GCs until the agent has counted {@code expected} application leaks, at most 10 s. */
    public static void awaitLeaks(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
            String s = snapshotJson();
            if (s != null && leaked(s) >= expected) {
                return;
            }
        }
    }

    private static long leaked(String json) {
        int i = json.indexOf("\"application\":");
        int j = json.indexOf("\"leaked\":", i);
        int k = j + "\"leaked\":".length();
        int end = k;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Long.parseLong(json.substring(k, end));
    }

}
