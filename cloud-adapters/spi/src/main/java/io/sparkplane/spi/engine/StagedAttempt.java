package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * What the control plane staged for an attempt of a {@link JobHosting#SERVICE} backend, in the
 * run's workspace staging (an object store the service reads, {@code s3://} for AWS). The job's own
 * inputs are staged too: the {@link LaunchSpec}'s entrypoint, py-files, jars, files and archives
 * name their staged copies.
 *
 * @param prefix the attempt's staging prefix, ending in {@code /}: the service's logs go under
 *     {@code logs/}, Spark's event log under {@code eventlog/}
 * @param listenerJar the backlog listener's jar, for the driver's class path
 * @param engineTokenFile an object holding the attempt's engine API token, for the listener to read
 *     with the job's own file system access: the token is never a command-line argument or Spark conf
 */
public record StagedAttempt(String prefix, String listenerJar, String engineTokenFile) {

    public StagedAttempt {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(listenerJar, "listenerJar is null");
        requireNonNull(engineTokenFile, "engineTokenFile is null");
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end in /: " + prefix);
        }
    }

    /** Where the service writes its logs of the attempt. */
    public String logs() {
        return prefix + "logs/";
    }

    /** Where Spark writes the attempt's event log. */
    public String eventLog() {
        return prefix + "eventlog/";
    }
}
