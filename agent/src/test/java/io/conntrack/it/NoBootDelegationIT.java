package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.scenarios.NoBootDelegationScenario;
import io.conntrack.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

/** A class loader that cannot link the bridge gets Byte Buddy's self-suppressing advice: nothing breaks. */
class NoBootDelegationIT {

    @Test
    void aLoaderThatCannotSeeTheBridgeRunsAsWithoutTheAgent() throws Exception {
        ChildJvm.Result r = ChildJvm.main(NoBootDelegationScenario.class).agentArgs("debug=true").run().assertOk();
        assertTrue(r.stdout.contains("BRIDGE-VISIBLE-TO-DRIVER false"), r.toString());
        assertTrue(r.stdout.contains("ROWS 5"), r.toString());
        assertTrue(r.stderr.contains("instrumented org.h2.Driver"), "the driver is instrumented all the same\n" + r);
        assertFalse(r.stderr.contains("could not instrument"), r.stderr);
        assertFalse(r.stderr.contains("ERROR"), r.stderr);
    }
}
