package io.sparkplane.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobStoreSettingsTest {

    private static final String KEY = "c2VjcmV0LWFjY291bnQta2V5LXRoYXQtbXVzdC1uZXZlci1iZS1wcmludGVk";
    private static final String SAS = "sv=2025-01-05&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&sig=SeCrEtSiGnAtUrE%3D";
    private static final String CONNECTION_STRING = "DefaultEndpointsProtocol=https;AccountName=prodlake01;AccountKey=" + KEY + ";";

    @Test
    void defaultsArePinned() {
        BlobStoreSettings defaults = BlobStoreSettings.defaults();

        assertThat(defaults.endpoint()).isEmpty();
        assertThat(defaults.endpointFor("prodlake01")).isEqualTo("https://prodlake01.blob.core.windows.net");
        assertThat(defaults.credentials()).isEqualTo(BlobCredentials.defaultChain());
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.retry()).isEqualTo(new BlobRetrySettings(4, Duration.ofMinutes(5), Duration.ofSeconds(4), Duration.ofMinutes(2)));
        assertThat(defaults.transfer()).isEqualTo(new BlobTransferSettings(8L << 20, 8L << 20, 4));
    }

    @Test
    void anEndpointTemplateNamesTheLocationsAccount() {
        BlobStoreSettings azurite = BlobStoreSettings.defaults().withEndpoint("http://127.0.0.1:10000/{account}");

        assertThat(azurite.endpointFor("devstoreaccount1")).isEqualTo("http://127.0.0.1:10000/devstoreaccount1");
    }

    @Test
    void toStringHidesEverySecret() {
        for (BlobCredentials credentials : new BlobCredentials[] {
                BlobCredentials.accountKey(KEY), BlobCredentials.sasToken(SAS), BlobCredentials.connectionString(CONNECTION_STRING)}) {
            String printed = BlobStoreSettings.defaults().withCredentials(credentials).toString();

            assertThat(printed).doesNotContain(KEY).doesNotContain("SeCrEtSiGnAtUrE").doesNotContain("AccountName")
                    .contains(credentials.getClass().getSimpleName() + "[***]");
        }
    }

    @Test
    void aSasTokenLosesItsLeadingQuestionMark() {
        assertThat(BlobCredentials.sasToken("?" + SAS)).isEqualTo(BlobCredentials.sasToken(SAS));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ftp://host/{account}",
            "127.0.0.1:10000",
            "https://{account}.blob.core.windows.net/?sv=2025&sig=SeCrEtSiGnAtUrE",
            "https://user:SeCrEtSiGnAtUrE@host/{account}",
    })
    void aBadEndpointIsRefusedWithoutEchoingSecrets(String endpoint) {
        assertThatThrownBy(() -> BlobStoreSettings.defaults().withEndpoint(endpoint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endpoint")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SeCrEtSiGnAtUrE"));
    }

    @Test
    void theDefaultChainNeedsHttpsAndTheStoreSaysSoAtOnce() {
        BlobStoreSettings plainHttp = BlobStoreSettings.defaults().withEndpoint("http://127.0.0.1:10000/{account}");

        assertThatThrownBy(() -> new BlobObjectStore(plainHttp))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThat(new BlobObjectStore(plainHttp.withCredentials(BlobCredentials.accountKey(KEY)))).isNotNull();
    }

    @Test
    void retryAndTransferLimitsAreChecked() {
        assertThatThrownBy(() -> new BlobRetrySettings(0, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("maxTries");
        assertThatThrownBy(() -> new BlobRetrySettings(2, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("retryDelay");
        assertThatThrownBy(() -> new BlobTransferSettings(0, 1, 1)).hasMessageContaining("blockSizeBytes");
        assertThatThrownBy(() -> new BlobTransferSettings(1, 1, 0)).hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> new BlobStoreSettings(Optional.empty(), BlobCredentials.defaultChain(), Duration.ZERO,
                BlobRetrySettings.DEFAULT, BlobTransferSettings.DEFAULT)).hasMessageContaining("connectTimeout");
    }
}
