package io.conntrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.dumps.PoolForecastScenario;
import com.acme.dumps.PoolHogScenario;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrack.testsupport.ChildJvm;
import io.conntrack.testsupport.SourceLines;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pools end to end with a real HikariCP: the forecast trigger, pools[] against HikariCP's own numbers, the advice. */
class PoolAdvisorIT {

    @TempDir
    Path tmp;

    private static JsonNode pool(JsonNode dumpOrSnapshot, String name) {
        for (JsonNode p : dumpOrSnapshot.get("pools")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no pool " + name + " in " + dumpOrSnapshot.get("pools"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aLosingPoolIsForecastAndItsEntryMatchesHikariCpsOwnNumbers() throws Exception {
        Path dumps = tmp.resolve("dumps");
        int port = freePort();
        ChildJvm.Result r = ChildJvm.main(PoolForecastScenario.class)
                .agentArgs("dumpDir=" + dumps + ",dumpInterval=1s,metrics=127.0.0.1:" + port)
                .args(dumps.toString(), "4", String.valueOf(port)).run().assertOk();
        String leak = SourceLines.frame(PoolForecastScenario.class, "leakOne", "// LEAK");

        Path file = DumpFiles.single(dumps, "forecast");
        JsonNode dump = DumpFiles.read(file);
        JsonNode trigger = dump.get("trigger");
        assertEquals("forecast", trigger.get("type").asText());
        String message = trigger.get("message").asText();
        assertTrue(message.startsWith("pool 'hikari-forecast' (max 10): "), message);
        assertTrue(message.contains(" lost for good at " + leak + "; "), message);
        assertTrue(message.contains("at the current rate it is exhausted in ~"), message);
        assertEquals(leak, trigger.get("callsite").asText());
        assertTrue(trigger.get("value").asLong() < 300, trigger.toString());
        assertEquals(300, trigger.get("threshold").asLong());
        assertEquals(List.of(file), DumpFiles.logged(r).stream().filter(p -> p.equals(file)).collect(java.util.stream.Collectors.toList()));
        assertTrue(r.stdout.contains("ConnTrack forecast: pool 'hikari-forecast' (max 10)"), r.toString());

        JsonNode p = pool(dump, "hikari-forecast");
        assertEquals("hikari", p.get("type").asText());
        assertEquals("com.zaxxer.hikari.HikariDataSource", p.get("class").asText());
        assertEquals(10, p.get("maxSize").asLong());
        assertEquals(30_000, p.get("connectionTimeoutMillis").asLong());
        assertTrue(p.get("leakDetectionThresholdMillis").isNull());
        assertTrue(p.get("lost").asLong() >= 1, p.toString());
        assertTrue(p.get("forecast").get("exhaustionSeconds").asDouble() < 300, p.toString());
        // the dump's entry is computed as the dump is written, a moment later: the same but for the time left
        String cut = "at the current rate it is exhausted in ~";
        assertEquals(message.substring(0, message.indexOf(cut)), p.get("forecast").get("message").asText().substring(0, message.indexOf(cut)),
                "the trigger is the forecast of the dump");
        assertTrue(p.get("advice").get(0).asText().startsWith("leak at " + leak + ": "), p.toString());
        String text = DumpFiles.text(file);
        assertTrue(text.contains("\nPools (their own numbers, - where a pool does not tell; then ConnTrack's):\n"
                + "  pool 'hikari-forecast' (hikari, com.zaxxer.hikari.HikariDataSource): max 10, active "), text);
        assertTrue(text.contains("    forecast: " + message.substring(0, message.indexOf(cut))), text);
        assertTrue(text.contains("    advice: leak at " + leak), text);

        // At a quiet moment: the snapshot's entry is HikariCP's own numbers, and ConnTrack's lost is every leak.
        List<String> own = new ArrayList<>();
        for (String line : r.stdout.split("\n")) {
            if (line.startsWith("POOL-OWN ")) {
                own.add(line);
            }
        }
        assertTrue(own.size() >= 2 && own.get(own.size() - 1).equals(own.get(own.size() - 2)), own.toString());
        String[] n = own.get(own.size() - 1).split(" ");
        JsonNode s = pool(r.snapshot(), "hikari-forecast");
        assertEquals(Long.parseLong(n[1]), s.get("maxSize").asLong(), s.toString());
        assertEquals(Long.parseLong(n[2]), s.get("active").asLong(), s.toString());
        assertEquals(Long.parseLong(n[3]), s.get("idle").asLong(), s.toString());
        assertEquals(Long.parseLong(n[4]), s.get("waiting").asLong(), s.toString());
        assertEquals(4, s.get("active").asLong(), "HikariCP counts the 4 lost connections as active for good");
        assertEquals(4, s.get("lost").asLong());
        assertEquals(0, s.get("inUse").asLong());
        assertFalse(s.get("forecast").isNull(), s.toString());
        double forecast = s.get("forecast").get("exhaustionSeconds").asDouble();

        // The same numbers on the metrics endpoint, with the pool label.
        String metrics = r.stdout;
        String label = "{pool=\"hikari-forecast\"";
        assertTrue(metrics.contains("METRIC db_client_connection_max" + label + "} 10\n"), metrics);
        assertTrue(metrics.contains("METRIC db_client_connection_pending_requests" + label + "} 0\n"), metrics);
        assertTrue(metrics.contains("METRIC db_client_connection_count" + label + ",state=\"used\"} 4\n"), metrics);
        assertTrue(metrics.contains("METRIC db_client_connection_count" + label + ",state=\"idle\"} " + n[3] + "\n"), metrics);
        assertTrue(metrics.contains("METRIC conntrack_pool_lost_total" + label + "} 4\n"), metrics);
        assertTrue(metrics.contains("METRIC conntrack_pool_in_use" + label + "} 0\n"), metrics);
        assertTrue(metrics.contains("METRIC conntrack_pool_exhaustion_seconds" + label + "} "), metrics);
        assertTrue(forecast > 0 && forecast < 300, s.toString());
    }

    @Test
    void aHogIsNamedWithTheCallItWaitsInAndTheTimeoutShorterThanItsHold() throws Exception {
        ChildJvm.Result r = ChildJvm.main(PoolHogScenario.class).agentArgs("dumpDir=" + tmp.resolve("dumps")).run().assertOk();
        String hog = SourceLines.frame(PoolHogScenario.class, "order", "// HOG");
        String wait = SourceLines.frame(PoolHogScenario.class, "charge", "Thread.sleep(2500)");
        JsonNode p = pool(r.snapshot(), "hikari-hog");
        assertEquals(250, p.get("connectionTimeoutMillis").asLong());
        assertEquals(0, p.get("lost").asLong());
        assertTrue(p.get("forecast").isNull(), "no loss, no forecast: " + p);
        List<String> advice = new ArrayList<>();
        p.get("advice").forEach(a -> advice.add(a.asText()));
        // p99 of 2.5 s holds: 2.5 s, or a little more on a busy machine
        java.util.regex.Pattern hogAdvice = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote("hog at " + hog + ": holds p99 ")
                + "2\\.\\d s" + java.util.regex.Pattern.quote(" while waiting in " + wait + " (seen ") + ".*"
                + java.util.regex.Pattern.quote("move that call outside the connection's scope"));
        assertTrue(advice.stream().anyMatch(a -> hogAdvice.matcher(a).matches()), advice.toString());
        java.util.regex.Pattern timeoutAdvice = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(
                "sizing: connectionTimeout 250 ms of pool 'hikari-hog' is shorter than the hold p99 ") + "2\\.\\d s at "
                + java.util.regex.Pattern.quote(hog) + ": .*");
        assertTrue(advice.stream().anyMatch(a -> timeoutAdvice.matcher(a).matches()), advice.toString());
        assertFalse(advice.stream().anyMatch(a -> a.startsWith("leak")), advice.toString());
        assertNotNull(p.get("demand"));
        // the same pool in the MBean's Pools table
        assertTrue(r.stdout.contains("JMX-POOL hikari-hog|4|" + p.get("active").asLong() + "|0|" + advice.size() + "\n"), r.toString());
    }
}
