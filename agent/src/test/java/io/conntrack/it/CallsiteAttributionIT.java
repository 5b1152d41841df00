package io.conntrack.it;

import static io.conntrack.it.Snapshots.application;
import static io.conntrack.it.Snapshots.assertCounts;
import static io.conntrack.it.Snapshots.callsites;
import static io.conntrack.it.Snapshots.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.acme.dao.OrderDao;
import com.acme.dao.special.AuditDao;
import com.acme.scenarios.CallsiteScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

class CallsiteAttributionIT {

    private static final Class<?> S = CallsiteScenario.class;

    @Test
    void lambdaAndProxyFramesAreNeverTheCallsite() throws Exception {
        JsonNode s = ChildJvm.main(S).run().assertOk().snapshot();
        assertCounts(site(s, S, "withConnection", "// VIA-SUPPLIER"), 3, 3, 0, 0, 0);
        assertCounts(site(s, S, "main", "// VIA-PROXY"), 4, 4, 0, 0, 0);
        for (JsonNode c : s.get("callsites")) {
            String frame = c.get("callsite").asText();
            assertFalse(frame.contains("$$Lambda") || frame.contains("$Proxy") || frame.contains("ForwardingHandler"), frame);
        }
        assertCounts(site(s, OrderDao.class, "load", "// ORDER-DAO-ACQUIRE"), 5, 5, 0, 0, 0);
        assertCounts(site(s, AuditDao.class, "record", "// AUDIT-DAO-ACQUIRE"), 6, 6, 0, 0, 0);
        assertCounts(application(s), 18, 18, 0, 0, 0);
        assertEquals(4, callsites(s, false).size(), s.toPrettyString());
    }

    @Test
    void skippedPrefixMovesTheCallsiteToTheCallerAndIncludeBringsASubpackageBack() throws Exception {
        JsonNode s = ChildJvm.main(S).agentArgs("callsite.skip=com.acme.dao.,callsite.include=com.acme.dao.special.")
                .run().assertOk().snapshot();
        assertCounts(site(s, S, "main", "// CALLS-ORDER-DAO"), 5, 5, 0, 0, 0);
        assertCounts(site(s, AuditDao.class, "record", "// AUDIT-DAO-ACQUIRE"), 6, 6, 0, 0, 0);
        for (JsonNode c : s.get("callsites")) {
            assertFalse(c.get("callsite").asText().startsWith(OrderDao.class.getName()), c.toString());
        }
        assertCounts(application(s), 18, 18, 0, 0, 0);
        assertEquals(4, callsites(s, false).size(), s.toPrettyString());
    }
}
