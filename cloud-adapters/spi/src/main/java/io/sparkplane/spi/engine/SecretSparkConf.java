package io.sparkplane.spi.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which Spark properties hold secrets (Spark's own redaction pattern plus credentials and Azure
 * account keys), so every place that shows a run's configuration hides the same values; engines
 * hand {@link #REGEX} to Spark as {@code spark.redaction.regex}, so its UI and event logs do too.
 */
public final class SecretSparkConf {

    /** What Sparkplane shows for a secret value (Spark itself shows {@code *********(redacted)} in its UI and event logs). */
    public static final String REDACTED = "***";
    /**
     * Spark's default {@code spark.redaction.regex} and what it misses: credentials, Azure account
     * keys and SAS ({@code fs.azure.account.key.*}, {@code fs.azure.sas.*}), private keys
     * ({@code fs.gs.auth.service.account.private.key}), encryption keys ({@code fs.s3a.encryption.key}).
     */
    public static final String REGEX = "(?i)secret|password|token|access[.]?key|account[.]key|credential|[.]sas[.]|private[.]?key|encryption[.]key";
    private static final Pattern SECRET_KEY = Pattern.compile(REGEX);

    private SecretSparkConf() {}

    public static boolean isSecret(String key) {
        return SECRET_KEY.matcher(key).find();
    }

    /** A copy with every secret value replaced by {@link #REDACTED}. */
    public static Map<String, String> redacted(Map<String, String> sparkConf) {
        Map<String, String> copy = new LinkedHashMap<>();
        sparkConf.forEach((key, value) -> copy.put(key, isSecret(key) ? REDACTED : value));
        return copy;
    }
}
