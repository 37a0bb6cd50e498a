package io.sparkplane.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.testkit.FactorySettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AzureConnectorConfTest {

    private static final String KEY = "a2V5LWZvci10ZXN0cw==";

    @Test
    void anAccountKeyGoesToAbfsAndToWasbOnThePublicCloudForEveryListedAccount() {
        var settings = settings(Map.of("account-key", KEY));

        assertThat(AzureConnectorConf.of(settings, List.of("lake", "Archive"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net", KEY,
                "spark.hadoop.fs.azure.account.key.lake.blob.core.windows.net", KEY,
                "spark.hadoop.fs.azure.account.key.archive.dfs.core.windows.net", KEY,
                "spark.hadoop.fs.azure.account.key.archive.blob.core.windows.net", KEY));
    }

    @Test
    void aProductionStyleEndpointGivesWasbItsHostAndPort() {
        var settings = settings(Map.of(
                "endpoint", "http://{account}.blob.core.windows.net:10555", "account-key", KEY));

        assertThat(AzureConnectorConf.of(settings, List.of("devstoreaccount1")))
                .containsEntry("spark.hadoop.fs.azure.account.key.devstoreaccount1.blob.core.windows.net:10555", KEY)
                .containsEntry("spark.hadoop.fs.azure.account.key.devstoreaccount1.dfs.core.windows.net", KEY)
                .hasSize(2);
    }

    @Test
    void aPathStyleEndpointCannotServeWasb() {
        var settings = settings(Map.of(
                "endpoint", "http://127.0.0.1:10000/{account}", "account-key", KEY));

        assertThat(AzureConnectorConf.of(settings, List.of("devstoreaccount1")))
                .containsOnlyKeys("spark.hadoop.fs.azure.account.key.devstoreaccount1.dfs.core.windows.net");
        assertThat(AzureConnectorConf.wasbHost("http://localhost:10000", "devstoreaccount1")).isEmpty();
        assertThat(AzureConnectorConf.wasbHost("https://devstoreaccount1.blob.core.windows.net:443", "devstoreaccount1"))
                .contains("devstoreaccount1.blob.core.windows.net");
        assertThat(AzureConnectorConf.wasbHost("https://other.blob.core.windows.net", "devstoreaccount1")).isEmpty();
    }

    @Test
    void anEndpointWithoutPlaceholderNamesItsOwnAccount() {
        var settings = settings(Map.of("endpoint", "https://corp.blob.core.windows.net", "account-key", KEY));

        assertThat(AzureConnectorConf.of(settings, List.of()))
                .containsOnlyKeys("spark.hadoop.fs.azure.account.key.corp.dfs.core.windows.net",
                        "spark.hadoop.fs.azure.account.key.corp.blob.core.windows.net");
    }

    @Test
    void aConnectionStringServesItsOwnAccountOnly() {
        var settings = settings(Map.of("connection-string",
                "DefaultEndpointsProtocol=https;AccountName=Sales;AccountKey=" + KEY + ";EndpointSuffix=core.windows.net"));

        assertThat(AzureConnectorConf.of(settings, List.of("other"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "spark.hadoop.fs.azure.account.key.sales.dfs.core.windows.net", KEY,
                "spark.hadoop.fs.azure.account.key.sales.blob.core.windows.net", KEY));
    }

    @Test
    void aSasTokenIsAbfsFixedSasAndNothingForWasb() {
        var settings = settings(Map.of("sas-token", "?sv=2024-01-01&sig=abc"));

        assertThat(AzureConnectorConf.of(settings, List.of("lake"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "spark.hadoop.fs.azure.account.auth.type.lake.dfs.core.windows.net", "SAS",
                "spark.hadoop.fs.azure.sas.fixed.token.lake.dfs.core.windows.net", "sv=2024-01-01&sig=abc"));
    }

    @Test
    void theDefaultChainInjectsNothing() {
        assertThat(AzureConnectorConf.of(settings(Map.of()), List.of("lake"))).isEmpty();
    }

    @Test
    void listedAccountsMustBeAccountNames() {
        assertThat(configuration(Map.of("accounts", " lake, archive2 ,")).jobAccounts()).containsExactly("archive2", "lake");
        assertThatThrownBy(() -> configuration(Map.of("accounts", "lake,Bad_Name")))
                .hasMessageContaining("sparkplane.store.azure.accounts").hasMessageContaining("Bad_Name");
        assertThat(AzureConnectorConf.accounts(settings(Map.of()), List.of())).isEmpty();
    }

    @Test
    void jobsGetTheListedAccountsAndTheStagingAccount() {
        BlobStoreFactory factory = new BlobStoreFactory();
        BlobStoreFactory.Configuration configuration = configuration(Map.of("account-key", KEY, "accounts", "lake"));

        assertThat(factory.engineConf(configuration, Location.parse("abfss://staging@stage01.dfs.core.windows.net/sparkplane/")))
                .containsOnlyKeys(
                        "spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net",
                        "spark.hadoop.fs.azure.account.key.lake.blob.core.windows.net",
                        "spark.hadoop.fs.azure.account.key.stage01.dfs.core.windows.net",
                        "spark.hadoop.fs.azure.account.key.stage01.blob.core.windows.net");
        assertThat(factory.engineConf(configuration, Location.parse("s3://bucket/staging/"))).hasSize(2);
    }

    private static BlobStoreSettings settings(Map<String, String> settings) {
        return configuration(settings).store();
    }

    private static BlobStoreFactory.Configuration configuration(Map<String, String> settings) {
        Map<String, String> properties = new TreeMap<>();
        settings.forEach((key, value) -> properties.put("sparkplane.store.azure." + key, value));
        return FactorySettings.store(new BlobStoreFactory(), properties);
    }
}
