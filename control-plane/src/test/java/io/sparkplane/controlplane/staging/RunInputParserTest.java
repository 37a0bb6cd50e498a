package io.sparkplane.controlplane.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunInputParserTest {

    private static final String HASH = "0123456789abcdef".repeat(4);

    /** Names resolved without DNS: what each stands for in the tests. */
    private static final Map<String, String> HOSTS = Map.of(
            "files.example.com", "93.184.215.14",
            "rebind.example.com", "127.0.0.1",
            "imds.example.com", "169.254.169.254",
            "v6.example.com", "fd00:ec2::254");

    private static final PublicAddresses.Resolver RESOLVER = host -> {
        String address = HOSTS.get(host);
        if (address != null) {
            return List.of(InetAddress.getByName(address));
        }
        if (host.matches("[0-9.]+|.*:.*")) {
            return List.of(InetAddress.getByName(host));
        }
        throw new UnknownHostException(host);
    };

    private final RunInputParser development = new RunInputParser(Set.of("s3", "gs", "abfss", "wasbs", "https"),
            List.of(Path.of("/srv/jobs")), RESOLVER);
    private final RunInputParser production = new RunInputParser(Set.of("s3", "https"), List.of(), RESOLVER);

    @Test
    void parsesEveryKind() throws Exception {
        assertThat(development.parse("artifact:sha256:" + HASH + "/job.py"))
                .isEqualTo(new RunInput.ArtifactInput(new ArtifactHash(HASH), "job.py"));
        assertThat(development.parse("s3://bucket/jobs/etl.py")).isEqualTo(new RunInput.StoreInput(Location.parse("s3://bucket/jobs/etl.py")));
        assertThat(development.parse("abfss://c@acct.dfs.core.windows.net/a/b.zip").fileName()).isEqualTo("b.zip");
        assertThat(development.parse("https://files.example.com/lib/util.py?v=2"))
                .isEqualTo(new RunInput.WebInput(URI.create("https://files.example.com/lib/util.py?v=2")));
        assertThat(development.parse("https://files.example.com/lib/util.py?v=2").fileName()).isEqualTo("util.py");
        assertThat(development.parse("/srv/jobs/etl.py")).isEqualTo(new RunInput.LocalInput(Path.of("/srv/jobs/etl.py")));
        assertThat(development.parse("file:///srv/jobs/etl.py")).isEqualTo(new RunInput.LocalInput(Path.of("/srv/jobs/etl.py")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // artifacts: a hash and a plain file name
            "artifact:sha256:" + "abc/job.py | the artifact's hash",
            "artifact:sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCDEF/job.py | the artifact's hash",
            "artifact:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | names its file",
            "artifact:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/../job.py | file name",
            "artifact:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/a/job.py | file name",
            "artifact:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/.. | file name",
            // store URIs that escape or name no object
            "s3://bucket/a/../b.py | ",
            "s3://bucket/a/%2F/b.py | ",
            "s3://bucket/ | not a bucket or a prefix",
            "s3://bucket/dir/ | not a bucket or a prefix",
            // schemes and web hosts
            "ftp://files.example.com/x.py | not allowed",
            "jobs/etl.py | must be an artifact",
            "https://127.0.0.1/x.py | loopback",
            "https://localhost/x.py | local or cloud metadata name",
            "https://metadata.google.internal/x.py | local or cloud metadata name",
            "https://169.254.169.254/latest/x.py | cloud metadata address",
            "https://rebind.example.com/x.py | loopback",
            "https://imds.example.com/x.py | cloud metadata address",
            "https://v6.example.com/x.py | cloud metadata address",
            "https://[::1]/x.py | loopback",
            "https://[::ffff:127.0.0.1]/x.py | loopback",
            "https://[fe80::1]/x.py | link-local",
            "https://0.0.0.0/x.py | unspecified",
            "https://nowhere.invalid/x.py | does not resolve",
            "https://user:pw@files.example.com/x.py | no user information",
            "https://files.example.com/dir/ | must name a file",
            // local paths: only under the roots, never escaping them
            "/etc/passwd | outside the allowed local roots",
            "/srv/jobs/../../etc/passwd | '..' segments",
            "file:///srv/jobs/%2E%2E/x.py | '..' segments",
            "file:///srv/jobs%2Fx.py | encode '/'",
            "file://otherhost/srv/jobs/x.py | names no host",
            "/srv/jobsx/x.py | outside the allowed local roots"})
    void refusesWithAReason(String value, String reason) {
        assertThatThrownBy(() -> development.parse(value))
                .isInstanceOf(RunInputParser.InvalidInputException.class)
                .satisfies(e -> {
                    if (reason != null) {
                        assertThat(e.getMessage()).contains(reason);
                    }
                });
    }

    @Test
    void productionRefusesLocalPathsAndSchemesNotAllowed() {
        assertThatThrownBy(() -> production.parse("/srv/jobs/etl.py"))
                .hasMessageContaining("only accepted in development").hasMessageContaining("POST /api/v1/artifacts");
        assertThatThrownBy(() -> production.parse("gs://bucket/etl.py")).hasMessageContaining("gs:// is not allowed here");
    }
}
