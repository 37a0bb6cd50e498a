package io.sparkplane.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each kind of explicit credentials against Azurite, Microsoft's emulator, which checks signatures. */
@ExtendWith(AzuriteExtension.class)
class BlobCredentialsIT {

    private static final String CONTAINER = "credentials";

    private static AzuritePeer azurite;

    @BeforeAll
    static void connect(AzuritePeer peer) {
        azurite = peer;
        azurite.createContainer(CONTAINER);
    }

    @Test
    void aConnectionStringNamesTheEndpointAndTheKey() {
        String connectionString = "DefaultEndpointsProtocol=http;AccountName=" + AzuritePeer.ACCOUNT + ";AccountKey="
                + AzuritePeer.ACCOUNT_KEY + ";BlobEndpoint=" + azurite.accountUrl() + ";";
        BlobObjectStore store = new BlobObjectStore(BlobStoreSettings.defaults().withCredentials(BlobCredentials.connectionString(connectionString)));

        assertRoundTrips(store, location("connection-string"));
    }

    @Test
    void aConnectionStringDoesNotServeAnotherAccount() {
        String connectionString = "DefaultEndpointsProtocol=http;AccountName=otheraccount;AccountKey=" + AzuritePeer.ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:9/otheraccount;";
        BlobObjectStore store = new BlobObjectStore(BlobStoreSettings.defaults().withCredentials(BlobCredentials.connectionString(connectionString)));
        Location location = location("other-account");

        assertThatThrownBy(() -> store.put(location, bytes("x"), 1))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.FAILED);
                    assertThat(e.getMessage()).contains(location.uri()).contains("otheraccount").doesNotContain(AzuritePeer.ACCOUNT_KEY);
                });
    }

    @Test
    void aSasTokenGrantsWhatItSigns() {
        String sas = accountSas("rwdlac");
        BlobObjectStore store = new BlobObjectStore(azurite.settings().withCredentials(BlobCredentials.sasToken("?" + sas)));

        assertRoundTrips(store, location("sas"));
    }

    @Test
    void aReadOnlySasTokenCannotWriteAndTheErrorHidesIt() {
        String sas = accountSas("rl");
        BlobObjectStore store = new BlobObjectStore(azurite.settings().withCredentials(BlobCredentials.sasToken(sas)));
        Location location = location("read-only");

        assertThatThrownBy(() -> store.put(location, bytes("x"), 1))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.ACCESS_DENIED);
                    assertThat(e.getMessage()).contains(location.uri()).contains("HTTP 403").doesNotContain(signature(sas));
                });
    }

    @Test
    void aWrongAccountKeyIsAccessDeniedAndTheErrorHidesIt() {
        String wrongKey = java.util.Base64.getEncoder().encodeToString("not the key of this account, at all".getBytes(StandardCharsets.UTF_8));
        BlobObjectStore store = new BlobObjectStore(azurite.settings().withCredentials(BlobCredentials.accountKey(wrongKey)));
        Location location = location("wrong-key");

        assertThatThrownBy(() -> store.stat(location))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.ACCESS_DENIED);
                    assertThat(e.getMessage()).contains(location.uri()).contains("HTTP 403").doesNotContain(wrongKey);
                    assertThat(e.getCause()).isNull();
                });
    }

    private static void assertRoundTrips(BlobObjectStore store, Location location) {
        ObjectInfo written = store.put(location, bytes("signed"), 6);

        assertThat(written.etag()).isNotBlank();
        assertThat(store.stat(location)).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(6));
        assertThat(store.list(location)).extracting(ObjectInfo::location).containsExactly(location);
        store.delete(location);
        assertThat(store.stat(location)).isEmpty();
    }

    private static String accountSas(String permissions) {
        return azurite.serviceClient().generateAccountSas(new AccountSasSignatureValues(OffsetDateTime.now().plusHours(1),
                AccountSasPermission.parse(permissions), new AccountSasService().setBlobAccess(true),
                AccountSasResourceType.parse("sco")));
    }

    private static String signature(String sas) {
        for (String parameter : sas.split("&")) {
            if (parameter.startsWith("sig=")) {
                return parameter.substring("sig=".length());
            }
        }
        throw new AssertionError("no signature in the SAS token");
    }

    private static Location location(String name) {
        return Location.parse("abfss://" + CONTAINER + "@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/" + name + "-" + UUID.randomUUID() + ".txt");
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
