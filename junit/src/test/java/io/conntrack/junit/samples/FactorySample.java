package io.conntrack.junit.samples;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.conntrack.junit.ConnTrackLeakCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Dynamic tests: one leaks, one closes, one fails and leaks; and a factory that leaks while it builds its tests. */
@ConnTrackLeakCheck
public class FactorySample {

    @TestFactory
    List<DynamicTest> orders() {
        return Arrays.asList(
                dynamicTest("leaks", () -> Db.keep(DriverManager.getConnection(Db.URL))), // leak-line:dynamic
                dynamicTest("closes", () -> {
                    try (Connection c = DriverManager.getConnection(Db.URL)) {
                        c.createStatement().execute("select 1");
                    }
                }),
                dynamicTest("failsAndLeaks", () -> {
                    Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:dynamicFails
                    throw new IllegalStateException("the dynamic test's own failure");
                }));
    }

    @TestFactory
    List<DynamicTest> leaksWhileBuilding() throws Exception {
        Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:factory
        return Arrays.asList(dynamicTest("closes", () -> DriverManager.getConnection(Db.URL).close()));
    }
}
