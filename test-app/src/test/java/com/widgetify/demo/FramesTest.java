package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class FramesTest {

    private static final String APP = "app//com.widgetify.orders.PaymentGateway.charge(PaymentGateway.java:22)";
    private static final String JDK = "java.base@17.0.15/java.lang.Thread.sleep(Native Method)";
    private static final String INNER = "com.acme.Outer$Inner.lambda$run$0(Outer.java:7)";

    @Test
    void readsTheParts() {
        assertEquals("com.widgetify.orders.PaymentGateway", Frames.className(APP));
        assertEquals("com.widgetify.orders.PaymentGateway.charge", Frames.method(APP));
        assertEquals("PaymentGateway.java:22", Frames.fileAndLine(APP));
        assertEquals(22, Frames.line(APP));
        assertEquals("com.acme.Outer$Inner", Frames.className(INNER));
        assertEquals(7, Frames.line(INNER));
    }

    @Test
    void framesWithoutLines() {
        assertEquals("java.lang.Thread", Frames.className(JDK));
        assertEquals(-1, Frames.line(JDK));
        assertEquals(JDK, Frames.fileAndLine(JDK));
    }

    @Test
    void stripsLoaderAndModule() {
        assertEquals("com.widgetify.orders.PaymentGateway.charge(PaymentGateway.java:22)", Frames.plain(APP));
        assertEquals("java.lang.Thread.sleep(Native Method)", Frames.plain(JDK));
        assertEquals(INNER, Frames.plain(INNER));
        assertEquals("PaymentGateway.charge(PaymentGateway.java:22)", Frames.shortForm(APP));
    }

    @Test
    void notAFrame() {
        String pool = "[pool] connections opened inside a getConnection() call";
        assertNull(Frames.className(pool));
        assertEquals(pool, Frames.method(pool));
        assertEquals(-1, Frames.line(pool));
    }
}
