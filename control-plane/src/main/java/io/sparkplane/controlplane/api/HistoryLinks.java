package io.sparkplane.controlplane.api;

import io.quarkus.runtime.Startup;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.run.SparkApplication;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Links to a Spark application's page on the History Server of {@code sparkplane.history.url}:
 * {@code <url>/history/<appId>/}, or {@code <url>/history/<appId>/<attemptId>/} for an application
 * with attempts (YARN in cluster mode), as Spark's {@code HistoryServer} serves them. None without
 * that setting. The setting is checked at start, so a mistyped one stops the control plane there.
 */
@ApplicationScoped
@Startup
public class HistoryLinks {

    private final Optional<String> base;

    HistoryLinks(SparkplaneConfig config) {
        this.base = config.history().url().map(HistoryLinks::base);
    }

    /** The application's page, when a History Server is configured. */
    public Optional<String> link(Optional<SparkApplication> application) {
        return base.isEmpty() || application.isEmpty() ? Optional.empty() : Optional.of(link(base.get(), application.get()));
    }

    /**
     * The History Server's URL as links start with it: an absolute http(s) URL with a host, its path
     * kept without trailing slashes.
     *
     * @throws IllegalArgumentException naming the setting, for anything else
     */
    static String base(String url) {
        String problem = null;
        URI parsed = null;
        try {
            parsed = new URI(url.strip());
        } catch (URISyntaxException e) {
            problem = e.getMessage();
        }
        if (problem == null) {
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problem = "must be an http:// or https:// URL";
            } else if (parsed.getHost() == null) {
                problem = "must name a host";
            } else if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
                problem = "must have no query or fragment";
            } else if (parsed.getRawUserInfo() != null) {
                problem = "must have no user information";
            }
        }
        if (problem != null) {
            // a URL with a password is not repeated into the log
            throw new IllegalArgumentException("sparkplane.history.url " + problem + " (the Spark History Server's address, such as"
                    + " http://127.0.0.1:18080)" + (url.contains("@") ? "" : ": " + url));
        }
        String text = parsed.toString();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(0, end);
    }

    /** {@code <base>/history/<appId>/[<attemptId>/]}, each id one escaped path segment. */
    static String link(String base, SparkApplication application) {
        StringBuilder link = new StringBuilder(base).append("/history/").append(segment(application.id())).append('/');
        if (application.attemptId() != null) {
            link.append(segment(application.attemptId())).append('/');
        }
        return link.toString();
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, so an id stays one segment whatever it holds. */
    static String segment(String value) {
        StringBuilder encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
