package io.sparkplane.store.gcs;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Spark conf that points a job's own {@code gs://} reads and writes (Google's GCS connector in
 * the engine) at the store Sparkplane is configured with: the same endpoint, project,
 * credentials, retries and connect timeout. Pure. A service account key reaches the job as the path of the key file the control
 * plane was given, never as its content; the local backend's engines run on the control plane's
 * machine and read the same file.
 */
public final class GcsConnectorConf {

    static final String PREFIX = "spark.hadoop.fs.gs.";

    private GcsConnectorConf() {}

    public static Map<String, String> of(GcsStoreSettings settings, Optional<Path> serviceAccountKeyFile) {
        Map<String, String> conf = new TreeMap<>();
        settings.projectId().ifPresent(project -> conf.put(PREFIX + "project.id", project));
        settings.endpoint().ifPresent(endpoint -> {
            // the connector appends "storage/v1/" and "upload/storage/v1/" to its root URL
            String root = endpoint.toString();
            conf.put(PREFIX + "storage.root.url", root.endsWith("/") ? root : root + "/");
        });
        GcsCredentials credentials = settings.credentials();
        if (credentials instanceof GcsCredentials.None) {
            conf.put(PREFIX + "auth.type", "UNAUTHENTICATED");
        } else if (credentials instanceof GcsCredentials.ApplicationDefault) {
            conf.put(PREFIX + "auth.type", "APPLICATION_DEFAULT");
        } else if (credentials instanceof GcsCredentials.ServiceAccountKey) {
            Path file = serviceAccountKeyFile.orElseThrow(() -> new IllegalArgumentException(
                    "a service account key for jobs needs the key file it was read from"));
            conf.put(PREFIX + "auth.type", "SERVICE_ACCOUNT_JSON_KEYFILE");
            conf.put(PREFIX + "auth.service.account.json.keyfile", file.toAbsolutePath().toString());
        }
        conf.put(PREFIX + "http.max.retry", Integer.toString(settings.maxAttempts() - 1));
        conf.put(PREFIX + "http.connect-timeout", settings.connectTimeout().toMillis() + "ms");
        return conf;
    }
}
