package io.sparkplane.controlplane.staging;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** The SHA-256 of an artifact's bytes, as 64 lower-case hex digits: its name in staging. */
public record ArtifactHash(String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public ArtifactHash {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a SHA-256 is 64 lower-case hex digits");
        }
    }

    public static ArtifactHash of(byte[] digest) {
        return new ArtifactHash(HexFormat.of().formatHex(digest));
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
