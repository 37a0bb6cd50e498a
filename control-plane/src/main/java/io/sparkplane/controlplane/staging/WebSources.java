package io.sparkplane.controlplane.staging;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches a run's {@code https://} (and, where allowed, {@code http://}) sources for its engine.
 * The host is resolved once, every address it gives is checked ({@link PublicAddresses}), and the
 * connection goes to exactly those addresses: a name that resolved to a public address at submit,
 * or at the check a moment before, cannot be turned to an internal one for the connection (DNS
 * rebinding). TLS still verifies the host name. Redirects are not followed, since one could point
 * anywhere.
 */
public final class WebSources implements AutoCloseable {

    /** An open response body; {@code length} is -1 when the server does not say. */
    public record Fetched(InputStream content, long length) {}

    /** A source that may not or cannot be fetched, with why. */
    public static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    private final CloseableHttpClient http;

    /** @param check what a host resolves to, checked; the test seam for names that do not resolve here */
    public WebSources(Function<String, PublicAddresses.Checked> check, Duration connectTimeout, Duration readTimeout) {
        DnsResolver pinned = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                PublicAddresses.Checked checked = check.apply(host);
                if (checked.problem() != null) {
                    throw new UnknownHostException(checked.problem());
                }
                return checked.addresses().toArray(InetAddress[]::new);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(pinned)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout.toMillis(), TimeUnit.MILLISECONDS))
                                .setSocketTimeout(Timeout.of(readTimeout.toMillis(), TimeUnit.MILLISECONDS))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setRedirectsEnabled(false).build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    /** @throws RefusedException for an internal address or an answer other than 200; IOException when it cannot be reached */
    public Fetched open(URI uri) throws IOException {
        ClassicHttpResponse response;
        try {
            response = http.executeOpen(null, new HttpGet(uri), null);
        } catch (UnknownHostException e) {
            throw new RefusedException(e.getMessage());
        }
        if (response.getCode() != 200) {
            response.close();
            throw new RefusedException("answered HTTP " + response.getCode());
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            response.close();
            return new Fetched(InputStream.nullInputStream(), 0);
        }
        InputStream body = entity.getContent();
        // closing the body releases the connection; the response goes with it
        return new Fetched(new FilterInputStream(body) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    response.close();
                }
            }
        }, entity.getContentLength());
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
