package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which connections a connection handed to the application leads to, through its fields. */
class DelegatesTest {

    private static Set<Object> set(Object... o) {
        Set<Object> s = Collections.newSetFromMap(new IdentityHashMap<>());
        Collections.addAll(s, o);
        return s;
    }

    /** A wrapper in the style of DBCP2's DelegatingConnection. */
    static class Wrapper {
        final Connection delegate;
        final Object unrelated;

        Wrapper(Connection delegate, Object unrelated) {
            this.delegate = delegate;
            this.unrelated = unrelated;
        }
    }

    @Test
    void followsConnectionTypedFieldsOnly() throws Exception {
        Connection physical = (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> null);
        Connection other = (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> null);
        Delegates d = new Delegates();
        assertTrue(d.leadToAny(new Wrapper(physical, null), set(physical)));
        assertFalse(d.leadToAny(new Wrapper(physical, other), set(other)), "an Object-typed field is not followed");
        assertFalse(d.leadToAny(physical, set(physical)), "a connection does not lead to itself");
    }

    @Test
    void aPoolsOwnStructuresAreNotFollowedButItsConnectionHoldersAre() {
        assertFalse(Delegates.worthFollowing(com.zaxxer.hikari.pool.HikariPool.class));
        assertFalse(Delegates.worthFollowing(org.apache.tomcat.jdbc.pool.ConnectionPool.class));
        assertTrue(Delegates.worthFollowing(org.apache.tomcat.jdbc.pool.PooledConnection.class));
        assertTrue(Delegates.worthFollowing(org.apache.commons.dbcp2.PoolableConnection.class));
        assertTrue(Delegates.worthFollowing(Connection.class));
        assertFalse(Delegates.worthFollowing(Object.class));
    }
}
