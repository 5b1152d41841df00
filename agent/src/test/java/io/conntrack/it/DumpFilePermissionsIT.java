package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.dumps.OnDemandScenario;
import io.conntrack.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dumps may show SQL-adjacent stacks and thread names: owner-only files, in an owner-only folder. */
class DumpFilePermissionsIT {

    @TempDir
    Path tmp;

    @Test
    void dumpFilesAre0600AndFoldersTheAgentCreatesAre0700() throws Exception {
        Path dir = tmp.resolve("new").resolve("dumps");
        ChildJvm.main(OnDemandScenario.class).agentArgs("dumpDir=" + dir).args(dir.toString(), "perms").run().assertOk();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())));
        assertEquals(2, DumpFiles.names(dir).size(), DumpFiles.names(dir).toString());
        for (String name : DumpFiles.names(dir)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
    }
}
