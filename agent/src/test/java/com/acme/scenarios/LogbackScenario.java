package com.acme.scenarios;

/**
 * An application that configures Logback itself, after start: it names its config file in a system
 * property only now, so a logging system initialised earlier (during premain) would miss it. Kept
 * free of SLF4J types, so loading this class loads no logging class.
 */
public final class LogbackScenario {

    public static void main(String[] args) throws Exception {
        System.out.println("MAIN-STARTED");
        System.setProperty("logback.configurationFile", args[0]);
        LogbackApp.run();
    }
}
