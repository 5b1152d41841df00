package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.acme.scenarios.FailedAcquisitionsScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every acquisition that throws counts as failed at the line that asked, DriverManager's own failures too. */
class FailedAcquisitionsIT {

    private static final Class<?> S = FailedAcquisitionsScenario.class;

    @Test
    void everyThrowingAcquisitionIsCountedOnceAtItsLine() throws Exception {
        ChildJvm.Result plain = ChildJvm.main(S).withoutAgent().run().assertOk();
        ChildJvm.Result r = ChildJvm.main(S).run().assertOk();
        assertEquals(appLines(plain), appLines(r), "the application sees the same exceptions, thrown at the same lines");
        assertEquals(7, appLines(r).size(), r.toString());

        JsonNode s = r.snapshot();
        assertFailed(s, "lambda$main$0", "// NOSUCH", 1);
        assertFailed(s, "lambda$main$1", "// NOSUCH-PROPS", 1);
        assertFailed(s, "lambda$main$2", "// NOSUCH-USER", 1);
        assertFailed(s, "lambda$main$3", "// REFUSED", 1); // once, not once by the driver and again by DriverManager
        JsonNode ctor = ChildJvm.Result.callsite(s, FailedAcquisitionsScenario.Opener.class.getName() + ".<init>(");
        assertNotNull(ctor, s.toPrettyString());
        assertEquals(1, ctor.get("failed").asLong(), ctor.toString());
        assertFailed(s, "main", "// CAUGHT-HERE", 1);
        JsonNode fine = ChildJvm.Result.callsite(s, SourceLines.frame(S, "main", "// FINE"));
        assertEquals(1, fine.get("acquired").asLong(), fine.toString());
        assertEquals(0, fine.get("failed").asLong(), fine.toString());
        JsonNode app = s.get("totals").get("application");
        assertEquals(6, app.get("failed").asLong(), app.toString());
        assertEquals(1, app.get("acquired").asLong(), app.toString());
    }

    private static void assertFailed(JsonNode s, String method, String marker, long failed) throws Exception {
        String frame = SourceLines.frame(S, method, marker);
        JsonNode c = ChildJvm.Result.callsite(s, frame);
        assertNotNull(c, frame + " missing from " + s.toPrettyString());
        assertEquals(failed, c.get("failed").asLong(), c.toString());
        assertEquals(0, c.get("acquired").asLong(), c.toString());
    }

    private static List<String> appLines(ChildJvm.Result r) {
        return r.stdout.lines().filter(l -> l.startsWith("APP ")).collect(Collectors.toList());
    }
}
