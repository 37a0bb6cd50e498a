package io.sparkplane.spi.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExactLengthInputStreamTest {

    @Test
    void readsExactlyTheAnnouncedBytesAndLeavesTheRest() throws Exception {
        ByteArrayInputStream content = new ByteArrayInputStream("abcdef".getBytes(StandardCharsets.UTF_8));

        byte[] read = new ExactLengthInputStream(content, 4).readAllBytes();

        assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo("abcd");
        assertThat(content.read()).isEqualTo('e');
    }

    @Test
    void aShorterStreamFailsInsteadOfEndingEarly() {
        ExactLengthInputStream exact = new ExactLengthInputStream(new ByteArrayInputStream(new byte[3]), 10);

        assertThatThrownBy(exact::readAllBytes)
                .isInstanceOf(ContentException.class)
                .hasMessage("the content ended after 3 of 10 bytes");
    }

    @Test
    void closingLeavesTheCallersStreamOpen() throws Exception {
        boolean[] closed = {false};
        ByteArrayInputStream content = new ByteArrayInputStream(new byte[2]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        new ExactLengthInputStream(content, 2).close();

        assertThat(closed[0]).isFalse();
    }
}
