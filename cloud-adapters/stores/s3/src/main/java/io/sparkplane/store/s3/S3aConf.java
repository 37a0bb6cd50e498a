package io.sparkplane.store.s3;

import java.util.Map;
import java.util.TreeMap;

/**
 * The Spark conf that points a job's own {@code s3a://} reads and writes at the store Sparkplane is
 * configured with: the same endpoint, region, addressing, credentials, retries and checksum policy.
 * Pure. The result holds secrets when the store has static credentials; engines keep it out of
 * command lines and logs.
 */
final class S3aConf {

    static final String PREFIX = "spark.hadoop.fs.s3a.";
    /** The AWS SDK reads these system properties; S3A in Hadoop 3.4.1 has no setting of its own for them. */
    static final String WHEN_REQUIRED_CHECKSUMS =
            "-Daws.requestChecksumCalculation=WHEN_REQUIRED -Daws.responseChecksumValidation=WHEN_REQUIRED";

    private S3aConf() {}

    static Map<String, String> of(S3StoreSettings settings) {
        Map<String, String> conf = new TreeMap<>();
        if (settings.region() != null) {
            conf.put(PREFIX + "endpoint.region", settings.region());
        }
        if (settings.endpoint() != null) {
            conf.put(PREFIX + "endpoint", settings.endpoint().toString());
            if ("http".equalsIgnoreCase(settings.endpoint().getScheme())) {
                conf.put(PREFIX + "connection.ssl.enabled", "false");
            }
        }
        if (settings.pathStyleAccess()) {
            conf.put(PREFIX + "path.style.access", "true");
        }
        if (settings.credentials() instanceof S3StoreSettings.StaticCredentials credentials) {
            conf.put(PREFIX + "access.key", credentials.accessKeyId());
            conf.put(PREFIX + "secret.key", credentials.secretAccessKey());
            if (credentials.sessionToken() != null) {
                conf.put(PREFIX + "session.token", credentials.sessionToken());
                conf.put(PREFIX + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
            } else {
                conf.put(PREFIX + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            }
        }
        conf.put(PREFIX + "attempts.maximum", Integer.toString(settings.maxAttempts()));
        if (settings.checksums() == S3StoreSettings.Checksums.WHEN_REQUIRED) {
            conf.put("spark.driver.extraJavaOptions", WHEN_REQUIRED_CHECKSUMS);
            conf.put("spark.executor.extraJavaOptions", WHEN_REQUIRED_CHECKSUMS);
        }
        return conf;
    }
}
