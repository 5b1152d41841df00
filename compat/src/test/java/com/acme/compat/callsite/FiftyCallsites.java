package com.acme.compat.callsite;

import java.sql.DriverManager;

/** Fifty distinct callsites, one per line, for the maxCallsites bound. */
public final class FiftyCallsites {

    public static final int COUNT = 50;

    private FiftyCallsites() {
    }

    public static void run(String url) throws Exception {
        DriverManager.getConnection(url).close(); // SITE_01
        DriverManager.getConnection(url).close(); // SITE_02
        DriverManager.getConnection(url).close(); // SITE_03
        DriverManager.getConnection(url).close(); // SITE_04
        DriverManager.getConnection(url).close(); // SITE_05
        DriverManager.getConnection(url).close(); // SITE_06
        DriverManager.getConnection(url).close(); // SITE_07
        DriverManager.getConnection(url).close(); // SITE_08
        DriverManager.getConnection(url).close(); // SITE_09
        DriverManager.getConnection(url).close(); // SITE_10
        DriverManager.getConnection(url).close(); // SITE_11
        DriverManager.getConnection(url).close(); // SITE_12
        DriverManager.getConnection(url).close(); // SITE_13
        DriverManager.getConnection(url).close(); // SITE_14
        DriverManager.getConnection(url).close(); // SITE_15
        DriverManager.getConnection(url).close(); // SITE_16
        DriverManager.getConnection(url).close(); // SITE_17
        DriverManager.getConnection(url).close(); // SITE_18
        DriverManager.getConnection(url).close(); // SITE_19
        DriverManager.getConnection(url).close(); // SITE_20
        DriverManager.getConnection(url).close(); // SITE_21
        DriverManager.getConnection(url).close(); // SITE_22
        DriverManager.getConnection(url).close(); // SITE_23
        DriverManager.getConnection(url).close(); // SITE_24
        DriverManager.getConnection(url).close(); // SITE_25
        DriverManager.getConnection(url).close(); // SITE_26
        DriverManager.getConnection(url).close(); // SITE_27
        DriverManager.getConnection(url).close(); // SITE_28
        DriverManager.getConnection(url).close(); // SITE_29
        DriverManager.getConnection(url).close(); // SITE_30
        DriverManager.getConnection(url).close(); // SITE_31
        DriverManager.getConnection(url).close(); // SITE_32
        DriverManager.getConnection(url).close(); // SITE_33
        DriverManager.getConnection(url).close(); // SITE_34
        DriverManager.getConnection(url).close(); // SITE_35
        DriverManager.getConnection(url).close(); // SITE_36
        DriverManager.getConnection(url).close(); // SITE_37
        DriverManager.getConnection(url).close(); // SITE_38
        DriverManager.getConnection(url).close(); // SITE_39
        DriverManager.getConnection(url).close(); // SITE_40
        DriverManager.getConnection(url).close(); // SITE_41
        DriverManager.getConnection(url).close(); // SITE_42
        DriverManager.getConnection(url).close(); // SITE_43
        DriverManager.getConnection(url).close(); // SITE_44
        DriverManager.getConnection(url).close(); // SITE_45
        DriverManager.getConnection(url).close(); // SITE_46
        DriverManager.getConnection(url).close(); // SITE_47
        DriverManager.getConnection(url).close(); // SITE_48
        DriverManager.getConnection(url).close(); // SITE_49
        DriverManager.getConnection(url).close(); // SITE_50
    }
}
