package com.acme.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** An ordinary JDBC program with visible output, to check that bad agent options leave it alone. */
public final class PlainAppScenario {

    public static void main(String[] args) throws Exception {
        System.out.println("APP-START");
        int sum = 0;
        for (int i = 1; i <= 3; i++) {
            try (Connection c = DriverManager.getConnection(Pools.h2Url("plain"));
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + i)) {
                rs.next();
                sum += rs.getInt(1);
            }
        }
        System.out.println("APP-DONE sum=" + sum);
        Agent.printSnapshot();
    }
}
