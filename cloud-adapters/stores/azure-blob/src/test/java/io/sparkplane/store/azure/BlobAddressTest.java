package io.sparkplane.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlobAddressTest {

    @ParameterizedTest
    @CsvSource({
            "abfss://logs@prodlake01.dfs.core.windows.net/spark/events/app-1, prodlake01, logs, spark/events/app-1",
            "wasbs://logs@prodlake01.blob.core.windows.net/spark/events/app-1, prodlake01, logs, spark/events/app-1",
            // either host with either scheme: both name the same account
            "abfss://logs@prodlake01.blob.core.windows.net/a, prodlake01, logs, a",
            "wasbs://logs@prodlake01.dfs.core.windows.net/a, prodlake01, logs, a",
            // host names are case-insensitive
            "abfss://Logs@ProdLake01.DFS.Core.Windows.Net/Key/Case, prodlake01, logs, Key/Case",
            "abfss://$root@prodlake01.dfs.core.windows.net/, prodlake01, $root, ''",
    })
    void anAzureLocationNamesAccountContainerAndBlob(String uri, String account, String container, String blobName) {
        assertThat(BlobAddress.of(Location.parse(uri))).isEqualTo(new BlobAddress(account, container, blobName));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "abfss://prodlake01.dfs.core.windows.net/no-container",
            "abfss://logs@prodlake01.dfs.core.windows.net.example.com/elsewhere",
            "abfss://logs@prodlake01.evil.example.com/elsewhere",
            "wasbs://logs@prodlake01.file.core.windows.net/not-blob",
            "wasbs://logs@prodlake01.blob.core.windows.net:8443/port",
            "wasbs://logs@user:secret@prodlake01.blob.core.windows.net/user-info",
            "abfss://logs@ab.dfs.core.windows.net/account-too-short",
            "abfss://logs@prod_lake.dfs.core.windows.net/account-with-underscore",
            "abfss://lo@prodlake01.dfs.core.windows.net/container-too-short",
            "abfss://-logs@prodlake01.dfs.core.windows.net/container-starting-with-a-dash",
            "s3://bucket/not-azure",
    })
    void anythingElseFailsNamingTheLocation(String uri) {
        Location location = Location.parse(uri);

        assertThatThrownBy(() -> BlobAddress.of(location))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.FAILED);
                    assertThat(e.location()).isEqualTo(location);
                    assertThat(e.getMessage()).startsWith("not an Azure Blob location: " + uri);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"abfss://logs@prodlake01.dfs.core.windows.net/x", "wasbs://logs@prodlake01.blob.core.windows.net/x"})
    void theStoreRefusesAMalformedLocationBeforeAnyRequest(String good) {
        BlobObjectStore store = new BlobObjectStore(BlobStoreSettings.defaults()
                .withEndpoint("http://127.0.0.1:9/{account}").withCredentials(BlobCredentials.accountKey("a2V5")));
        Location bad = Location.parse(good.replace("prodlake01", "no"));

        assertThatThrownBy(() -> store.stat(bad))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.getMessage()).contains("not an Azure Blob location"));
        assertThat(new BlobStoreFactory().schemes()).containsExactlyInAnyOrder("abfss", "wasbs");
    }
}
