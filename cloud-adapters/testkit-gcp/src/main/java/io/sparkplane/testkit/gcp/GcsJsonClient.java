package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import io.sparkplane.testkit.localspark.ObjectTransfer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two calls of Cloud Storage's JSON API the fake makes, against fake-gcs-server (no auth): a
 * media download and a one-request media upload; the local runs' {@link ObjectTransfer} for gs://
 * URIs. The JDK's HTTP client, so the fake brings no storage SDK onto its users' class paths.
 */
final class GcsJsonClient implements ObjectTransfer {

    private static final Pattern GS_URI = Pattern.compile("gs://([^/]+)/(.+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A {@code gs://bucket/object} URI, split. */
    record GcsObject(String bucket, String object) {

        static GcsObject parse(String uri) {
            Matcher matcher = GS_URI.matcher(uri);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not a gs://bucket/object URI: " + uri);
            }
            return new GcsObject(matcher.group(1), matcher.group(2));
        }

        static boolean isGcs(String uri) {
            return GS_URI.matcher(uri).matches();
        }

        @Override
        public String toString() {
            return "gs://" + bucket + "/" + object;
        }
    }

    private final URI endpoint;
    private final HttpClient http;

    GcsJsonClient(URI endpoint) {
        String text = requireNonNull(endpoint, "endpoint is null").toString();
        this.endpoint = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public boolean handles(String uri) {
        return GcsObject.isGcs(uri);
    }

    @Override
    public byte[] download(String uri) throws IOException {
        GcsObject object = GcsObject.parse(uri);
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/storage/v1/b/" + encode(object.bucket()) + "/o/"
                        + encode(object.object()) + "?alt=media"))
                .timeout(TIMEOUT)
                .GET()
                .build();
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() == 404) {
            throw new IOException("no such object: " + uri);
        }
        if (response.statusCode() != 200) {
            throw new IOException("cannot read " + uri + ": HTTP " + response.statusCode() + " " + text(response));
        }
        return response.body();
    }

    @Override
    public void upload(String uri, byte[] data) throws IOException {
        upload(uri, data, "application/octet-stream");
    }

    void upload(String uri, byte[] data, String contentType) throws IOException {
        GcsObject object = GcsObject.parse(uri);
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/upload/storage/v1/b/" + encode(object.bucket())
                        + "/o?uploadType=media&name=" + encode(object.object())))
                .timeout(TIMEOUT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                .build();
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() != 200) {
            throw new IOException("cannot write " + uri + ": HTTP " + response.statusCode() + " " + text(response));
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    /** A path segment or query value: a '/' in an object name is encoded too, as the JSON API wants. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
