package io.sparkplane.spi.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "s3://bucket/a/b.csv|s3|bucket|a/b.csv",
        "S3://bucket/|s3|bucket|''",
        "gs://bucket/runs/1/|gs|bucket|runs/1/",
        "abfss://data@acct.dfs.core.windows.net/x/y|abfss|data@acct.dfs.core.windows.net|x/y",
        "wasbs://data@acct.blob.core.windows.net/x|wasbs|data@acct.blob.core.windows.net|x",
        "file:///tmp/stage/a.py|file|''|tmp/stage/a.py",
        "s3://bucket/with%20space/%C3%A9t%C3%A9.txt|s3|bucket|with space/été.txt",
        "s3://my_bucket/x|s3|my_bucket|x",
        "abfss://c@acct.dfs.core.windows.net:8443/k|abfss|c@acct.dfs.core.windows.net:8443|k",
    })
    void parsesAndPrintsBack(String uri, String scheme, String authority, String key) {
        Location location = Location.parse(uri);

        assertThat(location).isEqualTo(new Location(scheme, authority, key));
        assertThat(Location.parse(location.uri())).isEqualTo(location);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://example.com/a", "s3:bucket/a", "relative/path", "s3:///no-bucket", "file://host/tmp/a",
        "s3://bucket/a/../b", "s3://bucket/a//b", "s3://bucket/./a", "s3://bucket/a%2Fb", "s3://bucket/a?x=1",
        "s3://bucket/a#frag", "s3://bucket/a\\b",
    })
    void refusesWhatIsNotALocation(String uri) {
        assertThatThrownBy(() -> Location.parse(uri)).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("null");
    }

    @org.junit.jupiter.api.Test
    void resolvesUnderAPrefix() {
        Location staging = Location.parse("s3://bucket/staging");

        assertThat(staging.resolve("runs/1/driver.log").uri()).isEqualTo("s3://bucket/staging/runs/1/driver.log");
        assertThat(staging.asPrefix().key()).isEqualTo("staging/");
        assertThat(Location.parse("file:///tmp/x").resolve("y").uri()).isEqualTo("file:///tmp/x/y");
        assertThat(staging.resolve("a/b.txt").name()).isEqualTo("b.txt");
        assertThat(staging.resolve("été 1.csv").uri()).isEqualTo("s3://bucket/staging/%C3%A9t%C3%A9%201.csv");
        assertThatThrownBy(() -> staging.resolve("../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> staging.resolve("/etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
