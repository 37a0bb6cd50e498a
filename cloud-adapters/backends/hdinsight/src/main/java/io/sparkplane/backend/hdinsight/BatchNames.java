package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The names Sparkplane gives its Livy batches: {@code <prefix>/<profile>/<cluster name>}
 * ({@code sparkplane/hdi/sp-<run id>-<attempt>}). Livy has no tags and no idempotency key, so the
 * name is how a provision finds the batch it made before and how the sweep finds the profile's
 * batches on a cluster other profiles, other installations and people share: a batch whose name is
 * not of this form, or of another prefix or profile, is not this profile's. Pure.
 *
 * @param prefix the profile's {@code batch-name-prefix}: installations sharing a cluster give different ones
 * @param profile the engine profile's name
 */
public record BatchNames(String prefix, String profile) {

    static final char SEPARATOR = '/';

    public BatchNames {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(profile, "profile is null");
        if (prefix.isEmpty() || prefix.indexOf(SEPARATOR) >= 0 || profile.isEmpty() || profile.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a prefix and a profile are not empty and hold no " + SEPARATOR);
        }
    }

    /** The batch name of an attempt's cluster. */
    public String batchName(String clusterName) {
        return prefix + SEPARATOR + profile + SEPARATOR + clusterName;
    }

    /** The cluster name a batch of this profile is named after; empty for a batch of another profile, another installation or no one's. */
    public Optional<String> clusterName(String batchName) {
        if (batchName == null) {
            return Optional.empty();
        }
        String start = prefix + SEPARATOR + profile + SEPARATOR;
        if (!batchName.startsWith(start) || batchName.length() == start.length()) {
            return Optional.empty();
        }
        String clusterName = batchName.substring(start.length());
        return clusterName.indexOf(SEPARATOR) >= 0 ? Optional.empty() : Optional.of(clusterName);
    }
}
