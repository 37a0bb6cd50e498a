package io.sparkplane.store.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.storage.blob.models.BlobStorageException;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException.Kind;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlobErrorMapperTest {

    private static final Location LOCATION = Location.parse("abfss://logs@prodlake01.dfs.core.windows.net/spark/app%201/events");
    private static final String ENDPOINT = "https://prodlake01.blob.core.windows.net";

    @ParameterizedTest
    @CsvSource({
            "404, BlobNotFound, NOT_FOUND",
            "404, ContainerNotFound, NOT_FOUND",
            "404, , NOT_FOUND",
            "401, InvalidAuthenticationInfo, ACCESS_DENIED",
            "403, AuthenticationFailed, ACCESS_DENIED",
            "403, AuthorizationPermissionMismatch, ACCESS_DENIED",
            "408, OperationTimedOut, UNAVAILABLE",
            "429, TooManyRequests, UNAVAILABLE",
            "500, InternalError, UNAVAILABLE",
            "503, ServerBusy, UNAVAILABLE",
            "400, InvalidBlockList, FAILED",
            "409, LeaseIdMissing, FAILED",
            "412, ConditionNotMet, FAILED",
    })
    void aServiceErrorMapsByStatusAndNamesItsCode(int status, String errorCode, Kind kind) {
        BlobStorageException error = serviceError(status, errorCode);

        ObjectStoreException mapped = BlobErrorMapper.toObjectStoreException("read", LOCATION, ENDPOINT, error);

        assertThat(mapped.kind()).isEqualTo(kind);
        assertThat(mapped.location()).isEqualTo(LOCATION);
        assertThat(mapped.getMessage())
                .startsWith("cannot read " + LOCATION.uri() + ": ")
                .contains("HTTP " + status)
                .contains("request id c0ffee00-0000-0000-0000-000000000001")
                .contains(errorCode == null ? "HTTP" : errorCode);
    }

    @Test
    void aServiceErrorKeepsNeitherTheResponseBodyNorTheRequestUrl() {
        ObjectStoreException mapped = BlobErrorMapper.toObjectStoreException("read", LOCATION, ENDPOINT, serviceError(403, "AuthenticationFailed"));

        assertThat(mapped.getMessage()).doesNotContain("SeCrEtSiGnAtUrE").doesNotContain("\n");
        assertThat(mapped.getCause()).isNull();
    }

    @Test
    void aServiceErrorInsideWrappersIsFound() {
        RuntimeException wrapped = new RuntimeException(new UncheckedIOException(new java.io.IOException(serviceError(404, "BlobNotFound"))));

        assertThat(BlobErrorMapper.toObjectStoreException("download", LOCATION, ENDPOINT, wrapped).kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(BlobErrorMapper.isNotFound(wrapped)).isTrue();
        assertThat(BlobErrorMapper.isNotFound(serviceError(403, "AuthenticationFailed"))).isFalse();
    }

    @Test
    void aRefusedConnectionIsUnavailableNamingTheEndpointAndKeepsItsCause() {
        // what Reactor's Exceptions.propagate does to a checked exception on a synchronous call
        RuntimeException refused = new RuntimeException(new ConnectException("Connection refused: /127.0.0.1:10000"));

        ObjectStoreException mapped = BlobErrorMapper.toObjectStoreException("list", LOCATION, ENDPOINT, refused);

        assertThat(mapped.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(mapped.getMessage()).contains(LOCATION.uri()).contains(ENDPOINT).contains("ConnectException Connection refused");
        assertThat(mapped.getCause()).isSameAs(refused);
    }

    @Test
    void anUnknownHostAndATimeoutAreUnavailable() {
        assertThat(BlobErrorMapper.toObjectStoreException("stat", LOCATION, ENDPOINT,
                new RuntimeException(new UnknownHostException("prodlake01.blob.core.windows.net"))).kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(BlobErrorMapper.toObjectStoreException("stat", LOCATION, ENDPOINT,
                new RuntimeException(new TimeoutException("Did not observe any item or terminal signal"))).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void aLocalFileErrorIsAFailureNotAnOutage() {
        ObjectStoreException mapped = BlobErrorMapper.toObjectStoreException("upload", LOCATION, ENDPOINT,
                new UncheckedIOException(new NoSuchFileException("/data/missing.parquet")));

        assertThat(mapped.kind()).isEqualTo(Kind.FAILED);
        assertThat(mapped.getMessage()).isEqualTo("cannot upload " + LOCATION.uri() + ": NoSuchFileException /data/missing.parquet");
    }

    @Test
    void noCredentialFromTheDefaultChainIsAccessDenied() {
        ObjectStoreException mapped = BlobErrorMapper.toObjectStoreException("stat", LOCATION, ENDPOINT,
                new ClientAuthenticationException("DefaultAzureCredential failed to retrieve a token.\nEnvironmentCredential: ...", null));

        assertThat(mapped.kind()).isEqualTo(Kind.ACCESS_DENIED);
        assertThat(mapped.getMessage()).endsWith("no Azure credential could be obtained: DefaultAzureCredential failed to retrieve a token.");
    }

    @Test
    void anObjectStoreExceptionPassesThroughUnchanged() {
        ObjectStoreException original = new ObjectStoreException(Kind.FAILED, LOCATION, "not an Azure Blob location");

        assertThat(BlobErrorMapper.toObjectStoreException("stat", LOCATION, ENDPOINT, original)).isSameAs(original);
    }

    private static BlobStorageException serviceError(int status, String errorCode) {
        String body = "<Error><Code>" + errorCode + "</Code><Message>Signature did not match: sig=SeCrEtSiGnAtUrE</Message></Error>";
        return new BlobStorageException("Status code " + status + ", \"" + body + "\"", new ServiceErrorResponse(status, errorCode, body), null);
    }
}
