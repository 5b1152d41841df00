package io.conntrack.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourceLinesTest {

    @Test
    void findsTheOneLineThatCarriesTheMarkerAsAWholeWord() {
        int hold = 13; // HOLD
        int holdA = 14; // HOLD-A
        assertEquals(hold, SourceLines.lineOf(SourceLinesTest.class, "// HOLD"));
        assertEquals(holdA, SourceLines.lineOf(SourceLinesTest.class, "// HOLD-A"));
        assertEquals("io.conntrack.testsupport.SourceLinesTest.m(SourceLinesTest.java:13)",
                SourceLines.frame(SourceLinesTest.class, "m", "// HOLD"));
    }

    @Test
    void aMarkerNoLineEndsWithIsFoundWhereOneLineContainsIt() {
        assertEquals(27, SourceLines.lineOf(SourceLinesTest.class, "Math.abs" + "(-3")); // split: this line does not contain it
    }

    private static int callSite() {
        return Math.abs(-37); // the line a frame names
    }

    @Test
    void failsOnAMissingOrRepeatedMarker() {
        assertThrows(AssertionError.class, () -> SourceLines.lineOf(SourceLinesTest.class, "// NOWH" + "ERE"));
        // TWICE
        // TWICE
        AssertionError twice = assertThrows(AssertionError.class, () -> SourceLines.lineOf(SourceLinesTest.class, "// TWICE"));
        assertTrue(twice.getMessage().contains("[33, 34]"), twice.getMessage());
    }
}
