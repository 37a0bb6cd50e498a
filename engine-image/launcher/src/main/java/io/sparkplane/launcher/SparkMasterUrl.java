package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone master URL, {@code spark://host:port} (or Spark's {@code spark://h1:p1,h2:p2} for
 * masters with standby), and the endpoints in it the launcher waits for.
 *
 * @param url as given, passed to {@code --master} unchanged
 * @param endpoints unresolved host and port of each master
 */
public record SparkMasterUrl(String url, List<InetSocketAddress> endpoints) {

    private static final String SCHEME = "spark://";

    public SparkMasterUrl {
        requireNonNull(url, "url is null");
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no master in " + url);
        }
    }

    /** @throws IllegalArgumentException when the URL is not {@code spark://host:port[,host:port...]} */
    public static SparkMasterUrl parse(String url) {
        requireNonNull(url, "url is null");
        String trimmed = url.trim();
        if (!trimmed.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not a standalone master URL (spark://host:port): " + url);
        }
        List<InetSocketAddress> endpoints = new ArrayList<>();
        for (String hostAndPort : trimmed.substring(SCHEME.length()).split(",")) {
            int colon = hostAndPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostAndPort.length() - 1) {
                throw new IllegalArgumentException("not a standalone master URL (spark://host:port): " + url);
            }
            String host = hostAndPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(hostAndPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port of the master URL is not a number: " + url);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the port of the master URL is out of range: " + url);
            }
            endpoints.add(InetSocketAddress.createUnresolved(host, port));
        }
        return new SparkMasterUrl(trimmed, endpoints);
    }

    @Override
    public String toString() {
        return url;
    }
}
