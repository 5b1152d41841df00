package com.acme.dumps;

import com.acme.scenarios.Agent;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.slf4j.LoggerFactory;

/** Scenario-side helpers: the database URL and waiting for a dump file the agent writes on its own. */
public final class Dumps {

    static final String URL = "jdbc:h2:mem:dumps;DB_CLOSE_DELAY=-1";

    private Dumps() {
    }

    static Path dir(String[] args) {
        return Paths.get(args[0]);
    }

    /**
     * Waits up to 20 s for a JSON dump of {@code trigger} (e.g. {@code limit}) in {@code dir}; the agent
     * writes it from its monitor thread, so the scenario must not exit (or release what it holds) before.
     */
    static Path awaitDump(Path dir, String trigger) throws IOException, InterruptedException {
        // Like a real application, have logging up before the end: the agent logs each dump through the
        // application's SLF4J, and a Logback started by that first call could be cut off by the exit.
        LoggerFactory.getLogger("app").info("waiting for a {} dump", trigger);
        return Agent.awaitDumpFile(dir, trigger);
    }
}
