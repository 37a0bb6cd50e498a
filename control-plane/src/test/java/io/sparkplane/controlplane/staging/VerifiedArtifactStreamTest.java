package io.sparkplane.controlplane.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class VerifiedArtifactStreamTest {

    private static ArtifactHash hashOf(byte[] bytes) throws Exception {
        return ArtifactHash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void passesTheBytesThatMatchTheName() throws Exception {
        byte[] bytes = "print('ok')".getBytes(StandardCharsets.UTF_8);
        try (VerifiedArtifactStream in = new VerifiedArtifactStream(new ByteArrayInputStream(bytes), hashOf(bytes))) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void endsWithAnErrorWhenTheBytesWereChangedInStaging() throws Exception {
        byte[] original = "print('ok')".getBytes(StandardCharsets.UTF_8);
        byte[] replaced = "print('no')".getBytes(StandardCharsets.UTF_8);
        VerifiedArtifactStream in = new VerifiedArtifactStream(new ByteArrayInputStream(replaced), hashOf(original));
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("does not hash to its name");
    }
}
