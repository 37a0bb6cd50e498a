package io.sparkplane.backend.dataproc;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The labels Sparkplane puts on every cluster and job it makes, by which a restarted control plane
 * adopts a cluster and the sweep finds those whose attempt is over. Label keys are Sparkplane's; a
 * profile's label of the same key is overridden. Values follow Google's label rules (lower case,
 * digits, {@code _} and {@code -}, at most 63).
 */
final class DataprocLabels {

    static final String MANAGED_BY = "sparkplane-managed-by";
    static final String PROFILE = "sparkplane-profile";
    static final String CLUSTER = "sparkplane-cluster";
    static final String RUN_ID = "sparkplane-run-id";
    static final String ATTEMPT = "sparkplane-attempt";
    static final String SPARKPLANE = "sparkplane";
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
    /** Dataproc's limit on a cluster's or job's labels. */
    private static final int MOST = 32;

    private DataprocLabels() {}

    static Map<String, String> of(Map<String, String> profileLabels, String profile, String clusterName, String runId, int attempt) {
        Map<String, String> labels = new LinkedHashMap<>(profileLabels);
        labels.put(MANAGED_BY, SPARKPLANE);
        labels.put(PROFILE, value(profile));
        labels.put(CLUSTER, value(clusterName));
        labels.put(RUN_ID, value(runId));
        labels.put(ATTEMPT, Integer.toString(attempt));
        return labels;
    }

    /** True when the labels say the cluster is this profile's cluster of that name. */
    static boolean isOurs(Map<String, String> labels, String profile, String clusterName) {
        return SPARKPLANE.equals(labels.get(MANAGED_BY)) && value(profile).equals(labels.get(PROFILE))
                && value(clusterName).equals(labels.get(CLUSTER));
    }

    /** A value Google takes: lower case, other characters as {@code -}, cut at 63. */
    static String value(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        return lower.length() > 63 ? lower.substring(0, 63) : lower;
    }

    /** What is wrong with a profile's labels for Google, if anything. */
    static Optional<String> check(Map<String, String> labels) {
        if (labels.size() > MOST - 5) {
            return Optional.of("has " + labels.size() + " labels; Dataproc takes 32 per cluster or job, 5 of them Sparkplane's");
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!KEY.matcher(label.getKey()).matches()) {
                return Optional.of("key " + label.getKey() + " is not a label key (a lower-case letter, then lower case, digits, _ or -, at most 63)");
            }
            if (!VALUE.matcher(label.getValue()).matches()) {
                return Optional.of("value of " + label.getKey() + " is not a label value (lower case, digits, _ or -, at most 63)");
            }
            if (label.getKey().startsWith("sparkplane-")) {
                return Optional.of("key " + label.getKey() + " is Sparkplane's own");
            }
        }
        return Optional.empty();
    }
}
