package com.acme.jfr;

import com.acme.cli.AgentProbe;

/** Child JVM: opens and closes a few connections, then prints what the agent counted. */
public final class ChurnApp {

    private ChurnApp() {
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 3; i++) {
            JfrApp.churn();
        }
        System.out.println("ACTIVE " + AgentProbe.active() + " ACQUIRED " + AgentProbe.application("acquired"));
    }
}
