package com.acme.dumps;

import java.sql.Connection;
import java.sql.DriverManager;

/** Exits while a connection is still open (a static field keeps it from being collected as a leak). */
public final class ExitScenario {

    static Connection stillOpen;

    public static void main(String[] args) throws Exception {
        stillOpen = DriverManager.getConnection(Dumps.URL); // OPEN-AT-EXIT
        System.out.println("APP done");
    }
}
