package io.conntrack.metrics;

import io.conntrack.config.Values;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The {@code metrics=[host:]port} option, checked: where the endpoint binds.
 *
 * <p>Rule for the host: no host means 127.0.0.1 (unlike the Prometheus JMX exporter, which binds
 * every interface). An address written literally ({@code 0.0.0.0}, {@code [::]}, {@code 10.0.0.5},
 * {@code [::1]}) is bound as written: writing it is the explicit request. A host <em>name</em> must
 * resolve to a loopback address; a name that resolves elsewhere is refused, so that exposure beyond
 * this machine is always visible as an address on the command line and does not change with DNS.
 */
final class MetricsAddress {

    static final String OPTION = "metrics";
    static final String EXPECTED = "[host:]port such as 9404, 127.0.0.1:9404, [::1]:9404 or 0.0.0.0:9404 "
            + "(port 0 picks a free port)";

    /** Resolves a host name; replaceable in tests. */
    interface Resolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    final InetSocketAddress socketAddress;
    /** The host exactly as given, or null when only a port was given. */
    final String givenHost;

    private MetricsAddress(InetSocketAddress socketAddress, String givenHost) {
        this.socketAddress = socketAddress;
        this.givenHost = givenHost;
    }

    boolean isLoopback() {
        return socketAddress.getAddress().isLoopbackAddress();
    }

    static MetricsAddress parse(String value) throws InvalidMetricsAddress {
        return parse(value, InetAddress::getByName);
    }

    static MetricsAddress parse(String value, Resolver resolver) throws InvalidMetricsAddress {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw invalid(value, "expected " + EXPECTED);
        }
        if (isDigits(v)) {
            return new MetricsAddress(new InetSocketAddress(loopback4(), port(value, v)), null);
        }
        int scheme = v.indexOf("://");
        if (scheme >= 0) {
            throw invalid(value, "give host:port, not a URL: for example metrics=" + hostPortOf(v.substring(scheme + 3))
                    + " (the endpoint then serves /metrics and /dump over http on it)");
        }
        String host;
        String portText;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0 || close + 1 >= v.length() || v.charAt(close + 1) != ':') {
                throw invalid(value, "an IPv6 address goes in brackets followed by :port, e.g. [::1]:9404");
            }
            host = v.substring(1, close);
            portText = v.substring(close + 2);
            InetAddress a = literal(value, host);
            if (!(a instanceof Inet6Address)) {
                throw invalid(value, "only IPv6 addresses go in brackets, e.g. [::1]:9404 or 127.0.0.1:9404");
            }
            return new MetricsAddress(new InetSocketAddress(a, port(value, portText)), v.substring(0, close + 1));
        }
        int colon = v.indexOf(':');
        if (colon < 0) {
            throw invalid(value, "expected " + EXPECTED);
        }
        if (v.indexOf(':', colon + 1) >= 0) {
            throw invalid(value, "an IPv6 address goes in brackets, e.g. [::1]:9404");
        }
        host = v.substring(0, colon);
        portText = v.substring(colon + 1);
        if (host.isEmpty()) {
            throw invalid(value, "the host before ':' is empty; give only the port (9404) or a host (127.0.0.1:9404)");
        }
        int port = port(value, portText);
        if (isIpv4Literal(host)) {
            return new MetricsAddress(new InetSocketAddress(literal(value, host), port), host);
        }
        if (!isHostName(host)) {
            throw invalid(value, "expected " + EXPECTED);
        }
        InetAddress resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw invalid(value, "host '" + host + "' does not resolve; give an address such as 127.0.0.1:" + port);
        }
        if (!resolved.isLoopbackAddress()) {
            throw invalid(value, "host name '" + host + "' resolves to " + resolved.getHostAddress()
                    + ", not to a loopback address; to expose metrics beyond this machine write the address itself ("
                    + "metrics=" + resolved.getHostAddress() + ":" + port + ", or metrics=0.0.0.0:" + port
                    + " for every interface)");
        }
        return new MetricsAddress(new InetSocketAddress(resolved, port), host);
    }

    /** How a URL names this address once bound, e.g. {@code http://[::1]:9404}. */
    static String url(InetSocketAddress bound) {
        return url(bound.getAddress(), bound.getPort());
    }

    static String url(InetAddress a, int port) {
        String host = a.getHostAddress();
        if (a instanceof Inet6Address) {
            host = a.isAnyLocalAddress() ? "::" : a.isLoopbackAddress() ? "::1" : host;
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port;
    }

    private static InetAddress loopback4() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // cannot happen: the address has 4 bytes
        }
    }

    private static int port(String value, String text) throws InvalidMetricsAddress {
        if (!isDigits(text) || text.length() > 5 || Integer.parseInt(text) > 65535) {
            throw invalid(value, "the port must be a number from 0 to 65535 (0 picks a free port)");
        }
        return Integer.parseInt(text);
    }

    private static InetAddress literal(String value, String host) throws InvalidMetricsAddress {
        // getByName does no lookup for a literal address; the checks before make sure it is one.
        if (host.isEmpty() || !(isIpv4Literal(host) || host.matches("[0-9A-Fa-f:.%a-zA-Z]+") && host.contains(":"))) {
            throw invalid(value, "'" + host + "' is not an IP address");
        }
        try {
            InetAddress a = InetAddress.getByName(host);
            if (isIpv4Literal(host) && !(a instanceof Inet4Address)) {
                throw invalid(value, "'" + host + "' is not an IPv4 address");
            }
            return a;
        } catch (UnknownHostException | SecurityException e) {
            throw invalid(value, "'" + host + "' is not an IP address");
        }
    }

    static boolean isIpv4Literal(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!isDigits(p) || p.length() > 3 || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The host:port of a URL after its "://", for the example in a message (port 9404 if it has none). */
    private static String hostPortOf(String rest) {
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String hostPort = rest.substring(rest.lastIndexOf('@', end - 1) + 1, end);
        if (hostPort.isEmpty()) {
            return "127.0.0.1:9404";
        }
        return printable(hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1) < 0 ? hostPort + ":9404" : hostPort);
    }

    private static boolean isHostName(String host) {
        if (host.length() > 253 || host.startsWith(".") || host.startsWith("-")) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static InvalidMetricsAddress invalid(String value, String why) {
        return new InvalidMetricsAddress("invalid value '" + printable(value) + "' for option '" + OPTION + "': " + why);
    }

    static String printable(String s) {
        return s == null ? "" : Values.printable(s);
    }

    /** The option's value cannot be used; the message names the option and the fix. */
    static final class InvalidMetricsAddress extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidMetricsAddress(String message) {
            super(message);
        }
    }
}
