package io.sparkplane.listener;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The attempt's bearer token, in an object the control plane staged beside the job
 * ({@link BacklogListenerConf#REPORT_TOKEN_FILE}). Read through the driver's own Hadoop file
 * systems, so the connectors and credentials the driver reads its data with (EMRFS, S3A, the GCS
 * connector, an instance role) reach the token too, and the listener brings no cloud SDK into the
 * user's driver.
 *
 * <p>Nothing read is ever put in a message: a file that is not a token may still be a secret.
 */
final class EngineTokenFile {

    /** Far above any token; a larger object is not one, and is not read whole into the driver. */
    static final int MAX_BYTES = 8 * 1024;
    /** RFC 6750's b64token: what the control plane issues, and all an Authorization header can carry safely. */
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final String HADOOP_PREFIX = "spark.hadoop.";

    private final URI location;
    private final Map<String, String> hadoopConf;

    /** @param hadoopConf set on a fresh Hadoop {@link Configuration} before the file system is opened */
    EngineTokenFile(URI location, Map<String, String> hadoopConf) {
        this.location = requireNonNull(location, "location is null");
        this.hadoopConf = Map.copyOf(requireNonNull(hadoopConf, "hadoopConf is null"));
    }

    /**
     * The Hadoop conf the way Spark builds its own ({@code SparkHadoopUtil.newConfiguration}): each
     * {@code spark.hadoop.X} of the Spark conf as {@code X}, on top of the Hadoop defaults and site files.
     */
    static Map<String, String> hadoopConf(Map<String, String> sparkConf) {
        Map<String, String> hadoop = new TreeMap<>();
        sparkConf.forEach((key, value) -> {
            if (key.startsWith(HADOOP_PREFIX) && key.length() > HADOOP_PREFIX.length()) {
                hadoop.put(key.substring(HADOOP_PREFIX.length()), value);
            }
        });
        return hadoop;
    }

    URI location() {
        return location;
    }

    /**
     * Reads the token, trimmed. Blocks on the store (and, the first time, on loading Hadoop's
     * classes and site files): never call it on Spark's listener bus.
     *
     * @throws IOException when the object cannot be read or does not hold a bearer token
     */
    String read() throws IOException {
        Configuration conf = new Configuration();
        hadoopConf.forEach(conf::set);
        byte[] bytes;
        // a private instance, closed after: FileSystem.get's cached one is the driver's, and closing it would break the job
        try (FileSystem fileSystem = FileSystem.newInstance(location, conf);
                InputStream in = fileSystem.open(new Path(location))) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException(location + " is larger than a token (" + MAX_BYTES + " bytes at most)");
        }
        String token = new String(bytes, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new IOException(location + " is empty");
        }
        if (!BEARER_TOKEN.matcher(token).matches()) {
            throw new IOException(location + " does not hold a bearer token on one line");
        }
        return token;
    }
}
