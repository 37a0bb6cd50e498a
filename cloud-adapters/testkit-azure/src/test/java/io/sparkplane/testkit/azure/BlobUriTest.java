package io.sparkplane.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlobUriTest {

    @ParameterizedTest
    @CsvSource({
            "abfss://staging@account1.dfs.core.windows.net/runs/1/main.py, account1, staging, runs/1/main.py",
            "abfs://staging@account1.dfs.core.windows.net/main.py, account1, staging, main.py",
            "wasbs://logs@account2.blob.core.windows.net/a/b/c.jar, account2, logs, a/b/c.jar",
            "wasb://logs@account2.blob.core.windows.net/x, account2, logs, x",
            "abfss://events@account1.dfs.core.windows.net/, account1, events, ''",
            "abfss://events@account1.dfs.core.windows.net, account1, events, ''"})
    void anAzureUriNamesItsAccountContainerAndBlob(String uri, String account, String container, String blob) {
        assertThat(BlobUri.isBlob(uri)).isTrue();
        assertThat(BlobUri.parse(uri)).isEqualTo(new BlobUri(account, container, blob));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gs://bucket/object", "s3a://bucket/key", "/local/path.py", "local:///opt/app.jar",
            "abfss://account.dfs.core.windows.net/no-container", "https://account.blob.core.windows.net/c/b"})
    void otherUrisAreNotBlobs(String uri) {
        assertThat(BlobUri.isBlob(uri)).isFalse();
        assertThatThrownBy(() -> BlobUri.parse(uri)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(uri);
    }
}
