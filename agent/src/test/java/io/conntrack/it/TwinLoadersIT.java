package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.callsites.TwinDao;
import com.acme.callsites.TwinLoadersScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One class loaded by two loaders: two callsites (identity includes the loader) that render alike. The
 * snapshot keeps them apart; the JMX table, keyed by the rendered frame, sums them into one row.
 */
class TwinLoadersIT {

    @Test
    void sameFrameFromTwoLoaders() throws Exception {
        ChildJvm.Result r = ChildJvm.main(TwinLoadersScenario.class).run().assertOk();
        assertEquals(2, r.stdout.lines().filter(l -> l.equals("LOADER-DISTINCT true")).count(), r.toString());
        String frame = SourceLines.frame(TwinDao.class, "borrow", "// TWIN");

        List<Long> open = new ArrayList<>();
        for (JsonNode c : r.snapshot().get("callsites")) {
            if (c.get("callsite").asText().equals(frame)) {
                open.add(c.get("open").asLong());
            }
        }
        open.sort(null);
        assertEquals(List.of(1L, 2L), open, "one callsite per loader\n" + r);

        List<String> rows = r.stdout.lines().filter(l -> l.startsWith("JMX-ROW " + frame)).collect(Collectors.toList());
        assertEquals(List.of("JMX-ROW " + frame + " open=3"), rows, r.toString());
        assertTrue(!r.stderr.contains("ERROR"), r.stderr);
    }
}
