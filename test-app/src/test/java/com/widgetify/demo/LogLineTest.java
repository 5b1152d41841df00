package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogLineTest {

    @Test
    void readsAWarning() {
        LogLine l = new LogLine(5, "[conntrack] WARN ConnTrack leak: a connection from com.widgetify.widgets.WidgetReportHandler"
                + ".serve(WidgetReportHandler.java:31) was garbage-collected without close(); top callsite "
                + "com.widgetify.orders.CreateOrderHandler.serve(CreateOrderHandler.java:38) (open 3, leaked 0); dump /tmp/x.json");
        assertTrue(l.isConnTrackWarning());
        assertEquals("leak", l.trigger());
        assertEquals("com.widgetify.orders.CreateOrderHandler.serve(CreateOrderHandler.java:38)", l.topCallsite());
    }

    @Test
    void otherLinesAreNotWarnings() {
        for (String text : new String[] {"[conntrack] tracking JDBC connections (limit=100)", "SLF4J(W): No SLF4J providers",
            "[conntrack] WARN cannot write the dump to /x"}) {
            LogLine l = new LogLine(0, text);
            assertFalse(l.isConnTrackWarning(), text);
            assertNull(l.trigger());
        }
        assertNull(new LogLine(0, "[conntrack] WARN ConnTrack onDemand: requested; dump /x").topCallsite());
    }
}
