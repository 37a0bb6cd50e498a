package io.sparkplane.controlplane.artifact;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.CheckedResponses.checked;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.staging.ArtifactHash;
import io.sparkplane.controlplane.staging.Staging;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import io.sparkplane.spi.storage.Location;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/artifacts} and the lookup by hash against the test profile's file staging
 * (limit 1 MiB); every answer checked against the OpenAPI document.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ArtifactApiTest {

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static final int LIMIT = 1024 * 1024;

    @Inject
    Staging staging;

    @TestHTTPResource("/api/v1/artifacts")
    URI uploads;


    private static Response upload(String query, byte[] bytes) {
        return checked("POST", "/api/v1/artifacts" + query,
                given().contentType(ContentType.BINARY).body(bytes).post("/api/v1/artifacts" + query));
    }

    /** HTTP/1.1 only: the JDK client's h2c upgrade and Expect: 100-continue do not mix. */
    private static HttpClient http1() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private byte[] stored(String hash) throws Exception {
        Location location = staging.layout().artifact(new ArtifactHash(hash));
        try (InputStream in = staging.stores().open(location)) {
            return in.readAllBytes();
        }
    }

    private boolean inStaging(String hash) {
        return staging.stores().stat(staging.layout().artifact(new ArtifactHash(hash))).isPresent();
    }

    @Test
    void storesBytesUnderTheirHashOnceAndFindsThemAgain() throws Exception {
        byte[] bytes = random(LIMIT - 17, System.nanoTime());
        String hash = sha256(bytes);

        Response first = upload("?name=job.py", bytes);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.jsonPath().getString("sha256")).isEqualTo(hash);
        assertThat(first.jsonPath().getLong("size")).isEqualTo(bytes.length);
        assertThat(first.jsonPath().getLong("storedBytes")).isEqualTo(bytes.length);
        assertThat(first.jsonPath().getString("ref")).isEqualTo("artifact:sha256:" + hash + "/job.py");
        assertThat(first.jsonPath().getString("uri")).endsWith("/artifacts/sha256/" + hash);
        assertThat(stored(hash)).isEqualTo(bytes);

        Response again = upload("?name=other.py", bytes);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getLong("storedBytes")).isZero();
        assertThat(again.jsonPath().getString("ref")).isEqualTo("artifact:sha256:" + hash + "/other.py");

        String path = "/api/v1/artifacts/sha256/" + hash;
        Response found = checked("GET", path, given().get(path));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.jsonPath().getLong("size")).isEqualTo(bytes.length);
        assertThat(found.jsonPath().getString("ref")).isEqualTo("artifact:sha256:" + hash + "/artifact");
    }

    @Test
    void anEmptyFileIsAnArtifactToo() throws Exception {
        Response empty = upload("", new byte[0]);
        assertThat(empty.statusCode()).isIn(200, 201);
        assertThat(empty.jsonPath().getString("sha256")).isEqualTo(sha256(new byte[0]));
        assertThat(empty.jsonPath().getString("ref")).endsWith("/artifact");
    }

    /**
     * Sends the request head with {@code Expect: 100-continue} over a plain socket, as curl does for
     * large bodies, and the body only if the server answers 100; returns everything the server said.
     */
    private String expectContinue(String query, byte[] body) throws Exception {
        try (Socket socket = new Socket(uploads.getHost(), uploads.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uploads.getPath() + query + " HTTP/1.1\r\nHost: " + uploads.getHost() + "\r\n"
                    + "Authorization: Bearer " + AdminToken.SECRET + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String first = readHead(in);
            if (!first.startsWith("HTTP/1.1 100")) {
                return first + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            out.write(body);
            out.flush();
            return first + readHead(in);
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        return head.toString();
    }

    @Test
    void refusesADeclaredBodyOverTheLimitBeforeItIsSent() throws Exception {
        byte[] bytes = random(LIMIT + 1, 42);
        String answer = expectContinue("?name=big.bin", bytes);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("larger than the limit of " + LIMIT + " bytes")
                .doesNotContain("100 Continue");
        assertThat(inStaging(sha256(bytes))).isFalse();
    }

    @Test
    void acceptsABodyUpToTheLimitAfterExpectContinue() throws Exception {
        byte[] bytes = random(LIMIT, 43);
        String answer = expectContinue("?name=exact.bin", bytes);
        assertThat(answer).startsWith("HTTP/1.1 100 Continue").contains("HTTP/1.1 201");
        assertThat(stored(sha256(bytes))).isEqualTo(bytes);
    }

    @Test
    void refusesAStreamedBodyThatGrowsPastTheLimit() throws Exception {
        byte[] bytes = random(3 * LIMIT, 7);
        // no Content-Length: the limit is found while the body streams in
        HttpRequest request = HttpRequest.newBuilder(uploads)
                .header("Authorization", "Bearer " + AdminToken.SECRET)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        try {
            HttpResponse<String> response = http1().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("larger than the limit");
        } catch (java.io.IOException e) {
            // the server closes the connection after its answer; a client still sending may see only that,
            // and what matters is checked below: nothing was stored
        }
        assertThat(inStaging(sha256(bytes))).isFalse();
    }

    @Test
    void refusesNamesThatAreNotPlainFileNames() throws Exception {
        for (String name : new String[] {"../x.py", "a/b.py", "..", "%2Fetc%2Fpasswd", ""}) {
            byte[] bytes = ("print('" + name + "')").getBytes();
            Response refused = upload("?name=" + name, bytes);
            assertThat(refused.statusCode()).as(name).isEqualTo(400);
            // an empty one is refused as every empty query value is, before the upload route sees it
            assertThat(refused.jsonPath().getString("errors[0].field")).as(name).isEqualTo(name.isEmpty() ? "query:name" : "name");
            assertThat(inStaging(sha256(bytes))).as(name).isFalse();
        }
    }

    @Test
    void looksUpOnlyWellFormedHashes() {
        String unknown = "/api/v1/artifacts/sha256/" + "0".repeat(64);
        assertThat(checked("GET", unknown, given().get(unknown)).statusCode()).isEqualTo(404);
        String malformed = "/api/v1/artifacts/sha256/ABC";
        Response bad = checked("GET", malformed, given().get(malformed));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("errors[0].field")).isEqualTo("sha256");
    }

    @Test
    void listsUploadsNewestFirstByNameAndDownloadsTheirBytes() throws Exception {
        byte[] code = random(1000, System.nanoTime());
        byte[] archive = random(2000, System.nanoTime() + 1);
        assertThat(upload("?name=listed-first.py", code).statusCode()).isEqualTo(201);
        assertThat(upload("?name=listed-archive.zip", archive).statusCode()).isEqualTo(201);
        // the same bytes again under another name: still one entry, now under the newer name
        assertThat(upload("?name=listed-renamed.py", code).statusCode()).isEqualTo(200);

        assertThat(list("?name=listed-first.py").jsonPath().getList("items")).isEmpty();
        Response renamed = list("?name=listed-renamed.py&workspace=default");
        assertThat(renamed.jsonPath().getList("items")).hasSize(1);
        assertThat(renamed.jsonPath().getString("items[0].sha256")).isEqualTo(sha256(code));
        assertThat(renamed.jsonPath().getLong("items[0].size")).isEqualTo(code.length);
        assertThat(renamed.jsonPath().getString("items[0].ref")).isEqualTo("artifact:sha256:" + sha256(code) + "/listed-renamed.py");
        assertThat(renamed.jsonPath().getString("items[0].workspace")).isEqualTo("default");
        assertThat(renamed.jsonPath().getString("items[0].uploadedBy")).startsWith("token:");
        assertThat(java.time.Instant.parse(renamed.jsonPath().getString("items[0].lastUploadedAt")))
                .isAfterOrEqualTo(java.time.Instant.parse(renamed.jsonPath().getString("items[0].createdAt")));

        Response firstPage = list("?limit=1");
        String cursor = firstPage.jsonPath().getString("nextCursor");
        assertThat(cursor).isNotNull();
        assertThat(firstPage.jsonPath().getString("items[0].sha256")).isEqualTo(sha256(archive));
        Response secondPage = list("?limit=1&cursor=" + cursor);
        assertThat(secondPage.jsonPath().getString("items[0].sha256")).isEqualTo(sha256(code));

        String path = "/api/v1/artifacts/sha256/" + sha256(code) + "/content";
        Response download = checked("GET", path, given().get(path));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.asByteArray()).isEqualTo(code);
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"listed-renamed.py\"");
        assertThat(download.header("Content-Length")).isEqualTo(Integer.toString(code.length));
    }

    @Test
    void refusesBadListFiltersAndDownloadsOnlyWhatIsThere() {
        Response badCursor = list("?cursor=not-a-cursor");
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(badCursor.jsonPath().getString("errors[0].field")).isEqualTo("query:cursor");
        Response badName = list("?name=a%2Fb");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.jsonPath().getString("errors[0].field")).isEqualTo("query:name");
        String unknown = "/api/v1/artifacts/sha256/" + "1".repeat(64) + "/content";
        assertThat(checked("GET", unknown, given().get(unknown)).statusCode()).isEqualTo(404);
    }

    private static Response list(String query) {
        return checked("GET", "/api/v1/artifacts" + query, given().urlEncodingEnabled(false).get("/api/v1/artifacts" + query));
    }
}
