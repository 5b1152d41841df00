package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.loaders.ClassLoaderScenario;
import com.acme.loaders.workload.LoaderWorkload;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import org.junit.jupiter.api.Test;

/**
 * An undeployed application's class loader must be collectable although ConnTrack tracked its
 * connections, marked (retransformed) its call site and saw it leak a connection.
 */
class ClassLoaderLeakIT {

    @Test
    void withoutTheAgentTheLoaderIsCollected() throws Exception {
        ChildJvm.Result r = ChildJvm.main(ClassLoaderScenario.class).withoutAgent().run().assertOk();
        assertTrue(r.stdout.contains("LOADER-COLLECTED true"), "control run: the scenario itself pins the loader\n" + r);
    }

    @Test
    void markedCallSiteAndLeakedConnectionDoNotPinTheLoader() throws Exception {
        ChildJvm.Result r = ChildJvm.main(ClassLoaderScenario.class).run().assertOk();
        assertTrue(r.stdout.contains("MARKED true"), "the call site was never marked\n" + r);
        assertTrue(r.stdout.contains("LOADER-COLLECTED true"), "ConnTrack pins the undeployed loader\n" + r);

        JsonNode s = r.snapshot();
        JsonNode loop = ChildJvm.Result.callsite(s, SourceLines.frame(LoaderWorkload.class, "borrow", "// ISOLATED"));
        assertNotNull(loop, r.toString());
        long borrowed = Long.parseLong(r.stdout.replaceAll("(?s).*BORROWED (\\d+).*", "$1"));
        assertEquals(borrowed, loop.get("acquired").asLong());
        assertEquals(borrowed, loop.get("closed").asLong());
        JsonNode leak = ChildJvm.Result.callsite(s, SourceLines.frame(LoaderWorkload.class, "leakOne", "// ISOLATED-LEAK"));
        assertNotNull(leak, r.toString());
        assertEquals(1, leak.get("leaked").asLong(), "the leaked connection dies with its loader and is counted");
        assertEquals(0, s.get("totals").get("application").get("open").asLong());
    }
}
