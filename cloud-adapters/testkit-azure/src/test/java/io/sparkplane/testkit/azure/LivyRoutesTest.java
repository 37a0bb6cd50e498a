package io.sparkplane.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which batch API call a method and path are, by Livy's routes. */
class LivyRoutesTest {

    @ParameterizedTest
    @CsvSource({
            "GET, /batches, LIST",
            "GET, /batches/, LIST",
            "POST, /batches, CREATE",
            "GET, /batches/3, GET",
            "GET, /batches/run-name, GET",
            "DELETE, /batches/3, DELETE",
            "GET, /batches/3/state, STATE",
            "GET, /batches/3/log, LOG",
            "PUT, /batches, ",
            "DELETE, /batches, ",
            "POST, /batches/3, ",
            "POST, /batches/3/log, ",
            "GET, /batches/3/statements, ",
            "GET, /sessions, ",
            "GET, /, "})
    void aMethodAndPathAreOneCallOrNone(String method, String path, LivyOperation operation) {
        assertThat(FakeLivy.operation(method, path)).isEqualTo(Optional.ofNullable(operation));
    }
}
