package io.conntrack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conntrack.metrics.MetricsAddress.InvalidMetricsAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsAddressTest {

    /** A resolver with a fixed table, so no test depends on this machine's DNS. */
    private static InetAddress resolve(String host) throws UnknownHostException {
        switch (host) {
            case "localhost":
                return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
            case "db-metrics.example":
                return InetAddress.getByAddress(host, new byte[] {10, 1, 2, 3});
            default:
                throw new UnknownHostException(host);
        }
    }

    private static MetricsAddress parse(String v) throws InvalidMetricsAddress {
        return MetricsAddress.parse(v, MetricsAddressTest::resolve);
    }

    @Test
    void aPortAloneBindsLoopback() throws Exception {
        MetricsAddress a = parse("9404");
        assertEquals("127.0.0.1", a.socketAddress.getAddress().getHostAddress());
        assertEquals(9404, a.socketAddress.getPort());
        assertTrue(a.isLoopback());
        assertNull(a.givenHost);
        assertEquals(0, parse(" 0 ").socketAddress.getPort());
        assertEquals(65535, parse("65535").socketAddress.getPort());
    }

    @Test
    void loopbackHostsAndNamesAreAccepted() throws Exception {
        assertEquals("127.0.0.1", parse("127.0.0.1:9404").socketAddress.getAddress().getHostAddress());
        assertTrue(parse("127.0.0.2:1").isLoopback());
        MetricsAddress v6 = parse("[::1]:9404");
        assertTrue(v6.isLoopback());
        assertEquals("[::1]", v6.givenHost);
        MetricsAddress named = parse("localhost:9404");
        assertTrue(named.isLoopback());
        assertEquals("localhost", named.givenHost);
    }

    @Test
    void anAddressWrittenLiterallyIsBoundAsAsked() throws Exception {
        MetricsAddress any = parse("0.0.0.0:9404");
        assertTrue(any.socketAddress.getAddress().isAnyLocalAddress());
        assertFalse(any.isLoopback());
        assertEquals("0.0.0.0", any.givenHost);
        assertTrue(parse("[::]:9404").socketAddress.getAddress().isAnyLocalAddress());
        assertEquals("10.0.0.5", parse("10.0.0.5:9404").socketAddress.getAddress().getHostAddress());
    }

    @Test
    void aHostNameThatResolvesBeyondLoopbackIsRefusedWithTheFix() {
        InvalidMetricsAddress e = assertThrows(InvalidMetricsAddress.class, () -> parse("db-metrics.example:9404"));
        assertTrue(e.getMessage().startsWith("invalid value 'db-metrics.example:9404' for option 'metrics': "), e.getMessage());
        assertTrue(e.getMessage().contains("resolves to 10.1.2.3"), e.getMessage());
        assertTrue(e.getMessage().contains("metrics=10.1.2.3:9404"), e.getMessage());
        assertTrue(e.getMessage().contains("metrics=0.0.0.0:9404"), e.getMessage());
    }

    @Test
    void anUnknownHostIsRefused() {
        InvalidMetricsAddress e = assertThrows(InvalidMetricsAddress.class, () -> parse("nowhere.invalid:9404"));
        assertTrue(e.getMessage().contains("does not resolve"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "-1", "65536", "99999999999", "9404x", ":9404", "localhost:", "localhost",
        "127.0.0.1:port", "::1:9404", "[::1]9404", "[::1]:", "[127.0.0.1]:9404", "[nonsense]:9404", "300.1.1.1:9404",
        "1.2.3:9404", "host name:9404", "a_b:9404", "http://localhost:9404", "127.0.0.1:94 04"})
    void malformedValuesAreRefusedNamingTheOption(String value) {
        InvalidMetricsAddress e = assertThrows(InvalidMetricsAddress.class, () -> parse(value));
        assertTrue(e.getMessage().contains("for option 'metrics'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:9404", "http://localhost:9404/metrics", "https://user:pw@localhost:9404/",
        "HTTP://localhost:9404"})
    void aUrlIsAnsweredWithHostPort(String value) {
        InvalidMetricsAddress e = assertThrows(InvalidMetricsAddress.class, () -> parse(value));
        assertTrue(e.getMessage().contains("give host:port, not a URL: for example metrics=localhost:9404"), e.getMessage());
        assertFalse(e.getMessage().contains("IPv6"), e.getMessage());
        InvalidMetricsAddress noPort = assertThrows(InvalidMetricsAddress.class, () -> parse("http://[::1]/metrics"));
        assertTrue(noPort.getMessage().contains("metrics=[::1]:9404"), noPort.getMessage());
    }

    @Test
    void urlsBracketIpv6() {
        assertEquals("http://127.0.0.1:9404", MetricsAddress.url(new InetSocketAddress("127.0.0.1", 9404)));
        assertEquals("http://[::1]:1", MetricsAddress.url(new InetSocketAddress("::1", 1)));
        assertEquals("http://[::]:2", MetricsAddress.url(new InetSocketAddress("::", 2)));
        assertEquals("http://[fe80:0:0:0:0:0:0:1]:3", MetricsAddress.url(new InetSocketAddress("fe80::1", 3)));
    }
}
