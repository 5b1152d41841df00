package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisTest {

    @Test
    void blamesTheLeakFirstAndTheHogWithItsHolderStack() throws Exception {
        DumpFile hold = DumpFileTest.resource("holdThreshold.json");
        DumpFile after = DumpFileTest.resource("onDemand-after-load.json");
        List<Finding> findings = Diagnosis.of(Arrays.asList(hold, after), after, 2000);
        assertEquals(2, findings.size());

        Finding leak = findings.get(0);
        assertEquals(Finding.Kind.LEAK, leak.kind);
        assertTrue(leak.callsite.isLine("WidgetReportHandler.java", 31));

        Finding hog = findings.get(1);
        assertEquals(Finding.Kind.HOG, hog.kind);
        assertTrue(hog.callsite.isLine("CreateOrderHandler.java", 38));
        assertNotNull(hog.evidence);
        assertEquals(hold, hog.evidenceDump);
        assertTrue(hog.evidence.holderIsIn("PaymentGateway.charge"));
    }

    @Test
    void prefersHogEvidenceWhoseStackShowsTheHandlersLines() throws Exception {
        DumpFile hold = DumpFileTest.resource("holdThreshold.json");
        DumpFile after = DumpFileTest.resource("onDemand-after-load.json");
        // The same dump as if taken while the agent rewrote the handler: no line for its frames.
        String json = Files.readString(Path.of(DiagnosisTest.class.getResource("/dumps/holdThreshold.json").toURI()))
                .replace("CreateOrderHandler.serve(CreateOrderHandler.java:48)", "CreateOrderHandler.serve(Unknown Source)");
        DumpFile rewriting = DumpFile.parse(Path.of("rewriting.json"), json);

        Finding hog = Diagnosis.of(Arrays.asList(rewriting, hold, after), after, 2000).get(1);
        assertEquals(hold, hog.evidenceDump, "the later dump with line numbers is the better evidence");

        Finding only = Diagnosis.of(Arrays.asList(rewriting, after), after, 2000).get(1);
        assertEquals(rewriting, only.evidenceDump, "without a better one, the stack without lines still tells");
        assertTrue(only.evidence.holderIsIn("PaymentGateway.charge"));
    }

    @Test
    void aHigherThresholdMakesNoHog() throws Exception {
        DumpFile after = DumpFileTest.resource("onDemand-after-load.json");
        List<Finding> findings = Diagnosis.of(Collections.singletonList(after), after, 5000);
        assertEquals(1, findings.size());
        assertEquals(Finding.Kind.LEAK, findings.get(0).kind);
    }

    @Test
    void openConnectionsMidRunAreNotLeaks() throws Exception {
        DumpFile hold = DumpFileTest.resource("holdThreshold.json");
        List<Finding> findings = Diagnosis.of(Collections.singletonList(hold), null, 2000);
        // In the dump's order: the report line leaked (a leak ranks first), the orders hold theirs too long
        // but did not lose them.
        assertEquals(Finding.Kind.LEAK, findings.get(0).kind);
        assertTrue(findings.get(0).callsite.isLine("WidgetReportHandler.java", 31));
        assertEquals(Finding.Kind.HOG, findings.get(1).kind);
        assertTrue(findings.get(1).callsite.isLine("CreateOrderHandler.java", 38));
        assertEquals(2, findings.size(), "ListWidgetsHandler and the schema set-up are not blamed");
    }

    @Test
    void noDumpsNoFindings() {
        assertTrue(Diagnosis.of(Collections.emptyList(), null, 2000).isEmpty());
        assertNull(new DemoResult(null, 0, null, Collections.emptyList(), Collections.emptyList(), null, null,
                Collections.emptyList(), null, null).firstWarning());
    }
}
