package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.testkit.azure.FakeLivyServer;
import io.sparkplane.testkit.azure.LivyOperation;
import io.sparkplane.testkit.azure.LivyState;
import io.sparkplane.testkit.azure.RecordedCall;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend's Livy client over real HTTP against the testkit's {@link FakeLivyServer}, a fake of
 * Apache Livy 0.8's batch API with HDInsight's gateway in front (Basic auth) and CSRF protection on,
 * in its state-only mode: no Livy runs here.
 */
class LivyClientIT {

    private static final String USER = "admin";
    private static final String PASSWORD = "Gateway-Secret-" + UUID.randomUUID();
    private static FakeLivyServer fake;
    private static HttpClient http;
    @TempDir
    static Path secrets;
    private LivyClient livy;

    @BeforeAll
    static void startTheFake() throws Exception {
        fake = FakeLivyServer.builder().basicAuth(USER, PASSWORD).csrfProtection(true).start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopTheFake() {
        fake.close();
    }

    @BeforeEach
    void client() throws Exception {
        livy = client(PASSWORD);
        fake.resetCalls();
    }

    private static LivyClient client(String password) throws Exception {
        Path file = Files.writeString(secrets.resolve("password-" + UUID.randomUUID()), password + "\n");
        return new LivyClient(http, fake.endpoint(), USER, SecretReference.parse("file:" + file), Duration.ofSeconds(10));
    }

    private static LivyBatchRequest request(String name) {
        return LivyBatchRequest.of(TestSpecs.python(1, 2), name);
    }

    @Test
    void aSubmittedBatchIsReadBackListedAndDeleted() {
        String name = "sparkplane/test/" + UUID.randomUUID();
        LivyBatchRequest request = request(name);

        LivyBatch made = livy.submit(request);

        assertThat(made.name()).isEqualTo(name);
        assertThat(made.state()).isEqualTo("starting");
        assertThat(livy.batch(made.id())).get().extracting(LivyBatch::name).isEqualTo(name);
        assertThat(livy.batches()).extracting(LivyBatch::id).contains(made.id());
        io.sparkplane.testkit.azure.LivyBatch held = fake.batch(made.id()).orElseThrow();
        assertThat(held.owner()).contains(USER);
        assertThat(held.request().file()).isEqualTo(request.file());

        assertThat(livy.delete(made.id())).isTrue();
        assertThat(livy.batch(made.id())).isEmpty();
        assertThat(livy.delete(made.id())).as("a batch Livy does not know").isFalse();
    }

    @Test
    void everyCallCarriesTheLoginAndPostsAndDeletesTheCsrfHeader() {
        LivyBatch made = livy.submit(request("sparkplane/test/" + UUID.randomUUID()));
        livy.batch(made.id());
        livy.delete(made.id());

        List<RecordedCall> calls = fake.calls();
        assertThat(calls).extracting(RecordedCall::method).containsExactly("POST", "GET", "DELETE");
        assertThat(calls).extracting(RecordedCall::authorizationScheme).containsOnly("Basic");
        // the fake answers a POST or DELETE without X-Requested-By 400: both went through
    }

    @Test
    void aSecondLiveBatchOfOneNameIsRefusedAsLivyDoes() {
        String name = "sparkplane/test/" + UUID.randomUUID();
        livy.submit(request(name));

        assertThatThrownBy(() -> livy.submit(request(name))).isInstanceOf(LivyException.class)
                .satisfies(e -> assertThat(((LivyException) e).status()).isEqualTo(400))
                .satisfies(e -> assertThat(((LivyException) e).refused()).isTrue())
                .hasMessageContaining("Duplicate session name");
    }

    @Test
    void theListIsReadPageByPage() throws Exception {
        Path file = Files.writeString(secrets.resolve("password-paging"), PASSWORD);
        LivyClient paging = new LivyClient(http, fake.endpoint(), USER, SecretReference.parse("file:" + file), Duration.ofSeconds(10), 2);
        int before = livy.batches().size();
        List<Integer> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(livy.submit(request("sparkplane/page/" + UUID.randomUUID())).id());
        }
        fake.resetCalls();

        List<LivyBatch> all = paging.batches();

        assertThat(all).hasSize(before + 5);
        assertThat(all).extracting(LivyBatch::id).containsAll(made).doesNotHaveDuplicates();
        assertThat(fake.calls()).as("pages of 2").hasSize((before + 5 + 1) / 2);
        assertThat(fake.calls()).extracting(RecordedCall::query).allMatch(query -> query.endsWith("&size=2"));
        made.forEach(livy::delete);
    }

    @Test
    void theLogIsReadWholePageByPage() {
        LivyBatch made = livy.submit(request("sparkplane/test/" + UUID.randomUUID()));
        fake.logLines(5000);
        String[] lines = new String[2500];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "line " + i;
        }
        fake.appendLog(made.id(), lines);

        List<String> log = livy.log(made.id()).orElseThrow();

        assertThat(log).isEqualTo(fake.batch(made.id()).orElseThrow().log());
        assertThat(log).contains("stdout: ", "line 0", "line 2499");
        assertThat(fake.calls().stream().filter(call -> call.path().endsWith("/log")).count()).as("pages of " + LivyClient.LOG_PAGE).isEqualTo(3);
        assertThat(livy.log(Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void readsAreTriedAgainOnAFiveHundredAndSubmitsAreNot() {
        LivyBatch made = livy.submit(request("sparkplane/test/" + UUID.randomUUID()));
        fake.failNext(LivyOperation.GET, 503, "the gateway is restarting");
        fake.failNext(LivyOperation.GET, 502, "bad gateway");

        assertThat(livy.batch(made.id())).isPresent();

        fake.failNext(LivyOperation.LIST, 503, "one");
        fake.failNext(LivyOperation.LIST, 503, "two");
        fake.failNext(LivyOperation.LIST, 503, "three");
        assertThatThrownBy(livy::batches).isInstanceOf(LivyException.class).hasMessageContaining("503 three");

        fake.resetCalls();
        fake.failNext(LivyOperation.CREATE, 503, "Livy is busy");
        assertThatThrownBy(() -> livy.submit(request("sparkplane/test/" + UUID.randomUUID()))).isInstanceOf(LivyException.class)
                .hasMessageContaining("503 Livy is busy");
        assertThat(fake.calls()).as("one POST").hasSize(1);

        fake.failNext(LivyOperation.GET, 400, "bad request");
        assertThatThrownBy(() -> livy.batch(made.id())).isInstanceOf(LivyException.class).hasMessageContaining("400 bad request");
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverShown() throws Exception {
        String wrong = "Wrong-" + UUID.randomUUID();
        LivyClient refused = client(wrong);

        assertThatThrownBy(refused::batches).isInstanceOf(LivyException.class)
                .satisfies(e -> assertThat(((LivyException) e).unauthorized()).isTrue())
                .hasMessageContaining("401").hasMessageNotContaining(wrong).hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aLivyThatDoesNotAnswerIsSaidSo() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path file = Files.writeString(secrets.resolve("password-closed"), PASSWORD);
        LivyClient nobody = new LivyClient(http, java.net.URI.create("http://127.0.0.1:" + port), USER, SecretReference.parse("file:" + file),
                Duration.ofSeconds(5));

        assertThatThrownBy(nobody::batches).isInstanceOf(LivyException.class).hasMessageContaining("no answer")
                .satisfies(e -> assertThat(((LivyException) e).status()).isZero());
    }

    @Test
    void livysWordsAreItsMessageElseTheBodyElseTheStatus() {
        assertThat(LivyClient.message(404, "{\"msg\":\"Session '7' not found.\"}")).isEqualTo("Session '7' not found.");
        assertThat(LivyClient.message(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")).isEqualTo("502 Bad Gateway");
        assertThat(LivyClient.message(401, "")).isEqualTo("the login is refused");
        assertThat(LivyClient.message(500, "{\"error\":1}")).isEqualTo("{\"error\":1}");
    }

    @Test
    void aBatchsStateAsLivyWritesIt() {
        LivyBatch made = livy.submit(request("sparkplane/test/" + UUID.randomUUID()));
        fake.setState(made.id(), LivyState.RUNNING);

        LivyBatch running = livy.batch(made.id()).orElseThrow();

        assertThat(running.state()).isEqualTo("running");
        assertThat(running.appId()).startsWith("application_");
        assertThat(running.appInfo()).containsKey("sparkUiUrl");
        assertThat(Map.copyOf(running.appInfo())).isNotEmpty();
    }
}
