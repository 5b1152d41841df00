package io.conntrack.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.dumps.FakeJdbc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrack.tracking.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DumpTotalsTest {

    /**
     * {@code totals.callsites} must count the callsites the dump lists. Threads that see a new
     * callsite at the same moment race to register it; a lost race must not count a second callsite.
     */
    @Test
    void totalsCountEachCallsiteOnceWhenThreadsFirstSeeItTogether() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int threads = 4;
        for (int round = 0; round < 200; round++) {
            Tracker t = TestDumps.tracker("");
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> started = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread th = new Thread(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        FakeJdbc.closedAfterUse(t);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                th.start();
                started.add(th);
            }
            for (Thread th : started) {
                th.join(10_000);
            }
            JsonNode dump = json.readTree(DumpJson.render(TestDumps.onDemand(t, "round " + round)));
            assertEquals(1, dump.get("callsites").size(), "one line, one callsite");
            assertEquals(threads, dump.get("callsites").get(0).get("acquired").asInt());
            assertEquals(1, dump.get("totals").get("callsites").asInt(),
                    "round " + round + ": totals.callsites counts a callsite registered by a thread that lost the race");
        }
    }
}
