package io.conntrack.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Options, allow-list entries and the report format, without the agent. */
class SettingsTest {

    @ConnTrackLeakCheck(allow = "com.acme.A.a", grace = "2s", allThreads = true)
    static class OnClass {
    }

    @ConnTrackLeakCheck(allow = {"com.acme.B.b, com.acme.C"}, warnOnly = true)
    static class OnMethod {
    }

    private static Settings settings(Map<String, String> parameters, Class<?>... annotated) {
        List<ConnTrackLeakCheck> annotations = new java.util.ArrayList<>();
        for (Class<?> c : annotated) {
            annotations.add(c.getAnnotation(ConnTrackLeakCheck.class));
        }
        return Settings.of(k -> Optional.ofNullable(parameters.get(k)), annotations);
    }

    @Test
    void defaults() {
        Settings s = settings(Collections.emptyMap());
        assertTrue(s.enabled);
        assertFalse(s.warnOnly);
        assertEquals(0, s.graceMillis);
        assertEquals(Collections.emptyList(), s.allow.entries());
        assertEquals(Settings.NoAgent.FAIL, s.noAgent);
        assertFalse(s.allThreads);
    }

    @Test
    void annotationsAddToTheParametersAndTheNearestGraceWins() {
        Map<String, String> p = new HashMap<>();
        p.put("conntrack.junit.allow", "com.acme.Cache.warm;com.acme.jobs.*");
        p.put("conntrack.junit.grace", "100ms");
        p.put("conntrack.junit.noAgent", "WARN");
        Settings s = settings(p, OnMethod.class, OnClass.class);
        assertEquals(Arrays.asList("com.acme.Cache.warm", "com.acme.jobs.*", "com.acme.B.b", "com.acme.C", "com.acme.A.a"),
                s.allow.entries());
        assertTrue(s.warnOnly);
        assertEquals(2000, s.graceMillis);
        assertTrue(s.allThreads);
        assertTrue(settings(Collections.singletonMap("conntrack.junit.allThreads", "true")).allThreads);
        assertEquals(Settings.NoAgent.WARN, s.noAgent);
        assertEquals(100, settings(p, OnMethod.class).graceMillis, "no grace on the annotations: the parameter's");
    }

    @Test
    void durations() {
        assertEquals(0, Settings.millis("0", "x"));
        assertEquals(250, Settings.millis("250", "x"));
        assertEquals(250, Settings.millis(" 250ms ", "x"));
        assertEquals(3000, Settings.millis("3s", "x"));
        assertEquals(120_000, Settings.millis("2m", "x"));
        assertThrows(ExtensionConfigurationException.class, () -> Settings.millis("-1s", "x"));
        assertThrows(ExtensionConfigurationException.class, () -> Settings.millis("1.5s", "x"));
        assertThrows(ExtensionConfigurationException.class,
                () -> settings(Collections.singletonMap("conntrack.junit.warnOnly", "yes")));
        assertThrows(ExtensionConfigurationException.class,
                () -> settings(Collections.singletonMap("conntrack.junit.noAgent", "ignore")));
    }

    @Test
    void allowListEntries() {
        String site = "com.acme.cache.Cache$Loader.warm(Cache.java:31)";
        String type = "com.acme.cache.Cache$Loader";
        assertTrue(AllowList.matches("*", site, type, "warm"));
        assertTrue(AllowList.matches(site, site, type, "warm"));
        assertTrue(AllowList.matches("com.acme.cache.Cache$Loader.warm", site, type, "warm"));
        assertTrue(AllowList.matches("com.acme.cache.Cache$Loader", site, type, "warm"));
        assertTrue(AllowList.matches("com.acme.cache.*", site, type, "warm"));
        assertTrue(AllowList.matches("com.acme.*", site, type, "warm"));
        assertTrue(AllowList.matches("com.acme.cache.Cache.*", site, type, "warm"), "a class and its nested classes");
        assertTrue(AllowList.matches("com.acme.cache.Cache.*", "com.acme.cache.Cache.warm(Cache.java:12)", "com.acme.cache.Cache", "warm"),
                "the class itself too");
        assertFalse(AllowList.matches("com.acme.cache.Cache.*", "com.acme.cache.CacheStats.warm(CacheStats.java:3)",
                "com.acme.cache.CacheStats", "warm"), "not a class that only starts like it");
        assertFalse(AllowList.matches("com.acme.cache.Cache$Loader.warm(Cache.java:32)", site, type, "warm"));
        assertFalse(AllowList.matches("com.acme.cache.Cache$Loader.war", site, type, "warm"));
        assertFalse(AllowList.matches("com.acme.cach.*", site, type, "warm"));
        assertFalse(AllowList.matches("com.acme.cache.Cache", site, type, "warm"));
    }

    @Test
    void reportsAreParsed() {
        ScopeReport r = ScopeReport.parse("{\"format\":\"conntrack-scope/1\",\"scope\":3,\"name\":\"a \\\"b\\\"\\u00e9\","
                + "\"ended\":true,\"durationMillis\":12,\"connections\":[{\"state\":\"leaked\",\"callsite\":\"com.acme.Dao.load(Dao.java:42)\","
                + "\"className\":\"com.acme.Dao\",\"methodName\":\"load\",\"line\":42,\"thread\":\"w\\\\1\",\"threadId\":9,"
                + "\"heldMillis\":1.5e1,\"stack\":[\"a.B.c(B.java:1)\"]},{\"state\":\"open\",\"callsite\":\"x.Y.z(Y.java:2)\","
                + "\"className\":\"x.Y\",\"methodName\":\"z\",\"line\":2,\"thread\":\"main\",\"threadId\":1,\"heldMillis\":3}],"
                + "\"open\":1,\"leaked\":1,\"future\":[null,false,-2.5]}");
        assertEquals(2, r.connections.size());
        ScopeReport.Connection c = r.connections.get(0);
        assertFalse(c.isOpen());
        assertEquals("w\\1", c.thread);
        assertEquals(15, c.heldMillis);
        assertEquals(Collections.singletonList("a.B.c(B.java:1)"), c.stack);
        assertTrue(r.anyOpen());
        assertEquals(1, r.without(AllowList.of(Collections.singletonList("com.acme.Dao"))).connections.size());
        assertThrows(IllegalArgumentException.class, () -> ScopeReport.parse("{\"format\":\"conntrack-dump/2\"}"));
        assertThrows(IllegalArgumentException.class, () -> ScopeReport.parse("{\"format\":\"conntrack-scope/1\""));
    }
}
