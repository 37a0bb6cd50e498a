package io.sparkplane.backend.emrserverless;

import java.net.URI;
import java.util.List;

/**
 * Where EMR Serverless writes a job run's driver output under the run's {@code logUri}: {@code
 * applications/<applicationId>/jobs/<jobRunId>/SPARK_DRIVER/stdout.gz}, then {@code stderr.gz},
 * gzipped, uploaded while the job runs and when it ends. The control plane reads them with the
 * workspace's store. Pure.
 */
final class DriverLogLocations {

    static final List<String> STREAMS = List.of("stdout.gz", "stderr.gz");

    private DriverLogLocations() {}

    /**
     * @param logUri the job run's {@code s3MonitoringConfiguration.logUri} ({@code s3://bucket/prefix/})
     * @throws IllegalArgumentException when it is no {@code s3://} URI with a bucket
     */
    static List<String> of(String logUri, String applicationId, String jobRunId) {
        URI uri = URI.create(logUri);
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("a job run's logUri is an s3:// URI with a bucket, not " + logUri);
        }
        String base = logUri.endsWith("/") ? logUri : logUri + "/";
        return STREAMS.stream().map(stream -> base + "applications/" + applicationId + "/jobs/" + jobRunId + "/SPARK_DRIVER/" + stream).toList();
    }
}
