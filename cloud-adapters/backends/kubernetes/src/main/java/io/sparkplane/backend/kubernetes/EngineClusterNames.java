package io.sparkplane.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The names of an engine cluster's objects, all derived from its cluster name
 * ({@code sp-<runId>-<attempt>}), so a provision retried after a crash finds what exists instead
 * of creating twins. Every name is a DNS-1035 label of at most 63 characters.
 */
public record EngineClusterNames(String clusterName) {

    static final Pattern DNS_LABEL = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    /** The longest suffix, {@code -worker-<n>} for up to four digits. */
    private static final int LONGEST_SUFFIX = "-worker-9999".length();

    public EngineClusterNames {
        requireNonNull(clusterName, "clusterName is null");
        if (!DNS_LABEL.matcher(clusterName).matches() || clusterName.length() + LONGEST_SUFFIX > 63) {
            throw new IllegalArgumentException("a cluster name must be a DNS label short enough for its pods' names: " + clusterName);
        }
    }

    public String driverPod() {
        return clusterName + "-driver";
    }

    /** The headless service workers find the driver's Spark master by. */
    public String driverService() {
        return clusterName + "-driver";
    }

    public String workerPod(int index) {
        if (index < 1 || index > 9999) {
            throw new IllegalArgumentException("worker index out of 1..9999: " + index);
        }
        return clusterName + "-worker-" + index;
    }

    /** The run spec, without secrets, for people looking at the namespace. */
    public String specConfigMap() {
        return clusterName + "-spec";
    }

    /** The launch spec with the attempt's token and storage credentials. */
    public String launchSecret() {
        return clusterName + "-launch";
    }

    /** The worker index in a worker pod's name, or -1. */
    public int workerIndex(String podName) {
        String prefix = clusterName + "-worker-";
        if (!podName.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(podName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
