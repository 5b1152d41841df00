package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.scenarios.JdbcDataSourceScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

class JdbcDataSourceIT {

    @Test
    void countsBothGetConnectionOverloadsAtTheirLines() throws Exception {
        ChildJvm.Result r = ChildJvm.main(JdbcDataSourceScenario.class).run().assertOk();
        Class<?> s = JdbcDataSourceScenario.class;

        JsonNode held = r.snapshot(0);
        assertCounts(site(held, s, "main", "// BORROW"), 50, 50, 0, 0, 0);
        assertCounts(site(held, s, "main", "// WITH-USER"), 5, 5, 0, 0, 0);
        assertCounts(site(held, s, "main", "// HELD"), 1, 0, 1, 0, 0);
        assertCounts(application(held), 56, 55, 1, 0, 0);
        assertEquals(3, held.get("callsites").size(), held.toPrettyString());

        JsonNode end = r.snapshot(1);
        assertCounts(site(end, s, "main", "// HELD"), 1, 1, 0, 0, 0);
        assertCounts(application(end), 56, 56, 0, 0, 0);
        assertCounts(Snapshots.pool(end), 0, 0, 0, 0, 0);
    }
}
