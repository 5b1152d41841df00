package io.conntrack.junit.samples;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.conntrack.junit.ConnTrackLeakCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Dynamic tests that leak, close, fail and leak, sit in a container; a factory that leaks itself; warnOnly. */
@ConnTrackLeakCheck
public class FactorySample {

    @TestFactory
    List<DynamicNode> orders() {
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
                }),
                dynamicContainer("nested", Stream.of(
                        dynamicTest("leaks", () -> Db.keep(DriverManager.getConnection(Db.URL))), // leak-line:nested
                        dynamicTest("closes", () -> DriverManager.getConnection(Db.URL).close()))));
    }

    @TestFactory
    List<DynamicTest> leaksWhileBuilding() throws Exception {
        Db.keep(DriverManager.getConnection(Db.URL)); // leak-line:factory
        return Arrays.asList(dynamicTest("closes", () -> DriverManager.getConnection(Db.URL).close()));
    }

    @TestFactory
    @ConnTrackLeakCheck(warnOnly = true)
    List<DynamicTest> warnsOnly() {
        return Arrays.asList(dynamicTest("leaks", () -> Db.keep(DriverManager.getConnection(Db.URL)))); // leak-line:dynamicWarn
    }
}
