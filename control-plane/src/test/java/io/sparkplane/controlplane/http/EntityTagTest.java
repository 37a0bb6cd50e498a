package io.sparkplane.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityTagTest {

    private static final String TAG = EntityTag.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTagIsWeakAndFollowsTheBytes() {
        assertThat(TAG).matches("W/\"[A-Za-z0-9_-]{22}\"");
        assertThat(EntityTag.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(TAG);
        assertThat(EntityTag.of("{\"a\":2}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(TAG);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "SAME                   | true",
        "STRONG                 | true",
        "*                      | true",
        "W/\"other\", SAME      | true",
        "W/\"other\"            | false",
        "''                     | false",
        "NULL                   | false",
    })
    void ifNoneMatchComparesWeakly(String header, boolean matches) {
        String value = header == null ? null : header.replace("SAME", TAG).replace("STRONG", TAG.substring(2));
        assertThat(EntityTag.matches(value, TAG)).isEqualTo(matches);
    }
}
