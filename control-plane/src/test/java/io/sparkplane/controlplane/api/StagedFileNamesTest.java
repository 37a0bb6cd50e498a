package io.sparkplane.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StagedFileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "part-0.csv         | attachment; filename=\"part-0.csv\"",
        "a \"b\".txt        | attachment; filename=\"a _b_.txt\"; filename*=UTF-8''a%20%22b%22.txt",
        "résumé.txt         | attachment; filename=\"r_sum_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt",
    })
    void aDownloadIsNamedSafelyForEveryClient(String name, String header) {
        assertThat(StagedFilesResource.contentDisposition(name)).isEqualTo(header);
    }
}
