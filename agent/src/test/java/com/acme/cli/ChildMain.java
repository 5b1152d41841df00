package com.acme.cli;

/** What every test child does besides its work: ends when its parent closes stdin (or dies). */
public final class ChildMain {

    private ChildMain() {
    }

    public static void exitWhenStdinCloses() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // ignore input
                }
            } catch (java.io.IOException ignored) {
                // parent gone
            }
            Runtime.getRuntime().halt(0);
        }, "stdin-watch");
        t.setDaemon(true);
        t.start();
    }
}
