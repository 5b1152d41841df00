package io.conntrack.reclaim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.tracking.FrameClassifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbandonmentTest {

    private final Abandonment a = new Abandonment(new FrameClassifier(List.of(), List.of()));

    private static StackTraceElement f(String cls, String method) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", 10);
    }

    @Test
    void aThreadIdleInItsPoolIsNotInsideJdbc() {
        StackTraceElement[] idle = {f("jdk.internal.misc.Unsafe", "park"), f("java.util.concurrent.locks.LockSupport", "park"),
            f("java.util.concurrent.ThreadPoolExecutor", "getTask"), f("java.lang.Thread", "run")};
        assertFalse(a.insideJdbc(idle));
    }

    @Test
    void aThreadInADriverAPoolOrJavaSqlMayBeUsingTheConnection() {
        assertTrue(a.insideJdbc(new StackTraceElement[] {f("java.net.SocketInputStream", "read"), f("org.postgresql.core.PGStream", "receive"),
            f("com.acme.Dao", "load")}));
        assertTrue(a.insideJdbc(new StackTraceElement[] {f("com.zaxxer.hikari.pool.HikariPool", "getConnection"), f("com.acme.Dao", "load")}));
        assertTrue(a.insideJdbc(new StackTraceElement[] {f("java.sql.DriverManager", "getConnection"), f("com.acme.Dao", "load")}));
    }
}
