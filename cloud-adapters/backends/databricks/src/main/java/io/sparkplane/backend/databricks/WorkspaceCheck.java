package io.sparkplane.backend.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.compute.GetSparkVersionsResponse;
import com.databricks.sdk.service.compute.SparkVersion;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.settings.SettingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A profile's one call at start: the workspace's Spark versions (clusters/spark-versions), cheap,
 * authenticated, and open to every workspace user. Credentials the workspace refuses (401, 403), a URL
 * with no workspace behind it (404), or a runtime the workspace does not offer stop the profile with
 * a {@link SettingException} naming the keys; a workspace that cannot be reached is an
 * {@link EngineBackendException} (the profile is tried again on its next use).
 */
final class WorkspaceCheck {

    /** How a runtime's name says its Spark: "15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)". */
    private static final Pattern APACHE_SPARK = Pattern.compile("Apache Spark ([0-9]+(?:\\.[0-9]+){0,2})");
    private static final int SHOWN_VERSIONS = 12;

    private WorkspaceCheck() {}

    /**
     * @param prefix the profile's settings prefix ({@code sparkplane.backends.<profile>.}), for the keys errors name
     * @return the Apache Spark version of the profile's runtime, when its name says it
     */
    static Optional<String> check(WorkspaceClient client, DatabricksConfiguration configuration, String prefix) {
        String url = configuration.workspaceUrl();
        GetSparkVersionsResponse response;
        try {
            response = client.clusters().sparkVersions();
        } catch (SettingException e) {
            // the token's secret reference could not be read (a variable not set, a file missing)
            throw new SettingException(prefix + DatabricksBackendFactory.TOKEN + ": " + e.getMessage(), e);
        } catch (DatabricksException e) {
            throw refusal(e, configuration, prefix);
        }
        List<SparkVersion> versions = response.getVersions() == null ? List.of() : new ArrayList<>(response.getVersions());
        Optional<SparkVersion> offered = versions.stream().filter(version -> configuration.sparkVersion().equals(version.getKey())).findFirst();
        if (offered.isEmpty()) {
            List<String> keys = versions.stream().map(SparkVersion::getKey).filter(key -> key != null).sorted(Comparator.reverseOrder()).toList();
            String shown = keys.size() <= SHOWN_VERSIONS ? String.join(", ", keys)
                    : String.join(", ", keys.subList(0, SHOWN_VERSIONS)) + " and " + (keys.size() - SHOWN_VERSIONS) + " more";
            throw new SettingException(prefix + DatabricksBackendFactory.SPARK_VERSION + " is not a Databricks Runtime the workspace at " + url
                    + " offers (was '" + configuration.sparkVersion() + "'); it offers " + (shown.isEmpty() ? "none" : shown));
        }
        return apacheSpark(offered.get().getName());
    }

    /** The Apache Spark version a runtime's name says it includes. */
    static Optional<String> apacheSpark(String runtimeName) {
        if (runtimeName == null) {
            return Optional.empty();
        }
        Matcher matcher = APACHE_SPARK.matcher(runtimeName);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static RuntimeException refusal(DatabricksException failure, DatabricksConfiguration configuration, String prefix) {
        String url = configuration.workspaceUrl();
        int status = DatabricksErrors.status(failure);
        String said = DatabricksErrors.describe(failure);
        String credentials = credentialKeys(configuration.authentication(), prefix);
        if (status == 401) {
            return new SettingException(credentials + ": the workspace at " + url + " does not take these credentials (" + said + ")", failure);
        }
        if (status == 403) {
            return new SettingException(credentials + ": the workspace at " + url + " does not let this identity use its clusters API (" + said
                    + "); it needs the workspace's entitlement to create clusters, or the use of " + prefix + DatabricksBackendFactory.POLICY_ID
                    + "'s policy or " + prefix + DatabricksBackendFactory.INSTANCE_POOL_ID + "'s pool", failure);
        }
        if (status == 404) {
            return new SettingException(prefix + DatabricksBackendFactory.HOST + ": " + url + " has no Databricks workspace API (" + said
                    + "): is it the workspace's URL?", failure);
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (configuration.authentication() instanceof Authentication.DefaultChain && message.contains("default credentials")) {
            return new SettingException(credentials + ": the Databricks SDK's default chain found no credentials for " + url + " (" + message + ")",
                    failure);
        }
        if (status >= 400 && status < 500) {
            return new SettingException(prefix + "*: the workspace at " + url + " refused the profile's first call (" + said + ")", failure);
        }
        return new EngineBackendException("cannot reach the Databricks workspace at " + url + ": " + said, failure);
    }

    /** The keys of the credentials a profile gives (or, for the default chain, that it gives none). */
    static String credentialKeys(Authentication authentication, String prefix) {
        if (authentication instanceof Authentication.PersonalAccessToken) {
            return prefix + DatabricksBackendFactory.TOKEN;
        }
        if (authentication instanceof Authentication.OAuthMachineToMachine) {
            return prefix + DatabricksBackendFactory.CLIENT_ID + " and " + prefix + DatabricksBackendFactory.CLIENT_SECRET;
        }
        return prefix + DatabricksBackendFactory.TOKEN + " and " + prefix + DatabricksBackendFactory.CLIENT_ID
                + " (unset: the Databricks SDK's default credentials)";
    }
}
