package com.acme.compat.harness;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The real database servers of the matrix. A test needing one is skipped (with the reason) when it
 * is down, unless {@code CONNTRACK_REQUIRE_SERVERS} is set: then it fails. Start them with .ci/services.sh.
 */
public enum Servers {
    POSTGRES(5432), MARIADB(3306), NONE(0);

    public static final String HOST = "127.0.0.1";
    public final int port;

    Servers(int port) {
        this.port = port;
    }

    public boolean reachable() {
        if (this == NONE) {
            return true;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Skips or fails the calling test when this server does not answer. */
    public void require() {
        if (reachable()) {
            return;
        }
        String why = name() + " not reachable on " + HOST + ":" + port + " (start it with .ci/services.sh)";
        String required = System.getenv("CONNTRACK_REQUIRE_SERVERS");
        if (required != null && !required.isEmpty()) {
            fail(why + "; CONNTRACK_REQUIRE_SERVERS is set");
        }
        abort("SKIPPED: " + why + "; set CONNTRACK_REQUIRE_SERVERS=1 to fail instead");
    }
}
