package io.sparkplane.spi.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which Spark properties hold secrets (Spark's own redaction pattern plus credentials), so every
 * place that shows a run's configuration hides the same values.
 */
public final class SecretSparkConf {

    public static final String REDACTED = "*********(redacted)";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)secret|password|token|access[.]?key|credential");

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
