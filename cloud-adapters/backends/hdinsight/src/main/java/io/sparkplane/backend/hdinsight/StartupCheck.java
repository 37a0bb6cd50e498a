package io.sparkplane.backend.hdinsight;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.hdinsight.fluent.ClustersClient;
import io.sparkplane.backend.hdinsight.HdInsightClusterStates.Phase;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.spi.settings.SettingException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Asks Azure once, when the profile's backend is made, whether the profile's settings are right, so
 * a wrong subscription, resource group, cluster, credentials or login stops the profile before any
 * run: a {@link SettingException} naming the key, which the control plane keeps and answers submits
 * to the profile with. Azure or Livy not answering tells nothing, and is only said.
 *
 * <ul>
 *   <li>both modes: the login password's reference is read (and, ephemeral, the storage key's);
 *   <li>shared: the cluster is read (it exists, it is a Spark cluster), and its Livy lists one batch
 *       with the login;
 *   <li>ephemeral: the resource group's first page of clusters is listed, and the password is
 *       one HDInsight takes for a new cluster's login.
 * </ul>
 */
final class StartupCheck {

    private static final System.Logger LOG = System.getLogger(StartupCheck.class.getName());
    /** HDInsight's rule for a cluster login's password: 10 or more characters, of upper case, lower case, a digit and a symbol. */
    private static final Pattern UPPER = Pattern.compile("\\p{Lu}");
    private static final Pattern LOWER = Pattern.compile("\\p{Ll}");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern SYMBOL = Pattern.compile("[^\\p{L}\\d]");

    private StartupCheck() {}

    static void shared(ClustersClient clusters, LivyClient livy, HdInsightConfiguration configuration, String profile) {
        secret(configuration.loginPassword(), key(profile, HdInsightBackendFactory.LOGIN_PASSWORD));
        String cluster = configuration.sharedCluster().orElseThrow();
        try {
            ClusterView view = ClusterView.of(clusters.getByResourceGroupWithResponse(configuration.resourceGroup(), cluster, Context.NONE).getValue());
            if (!view.kind().isEmpty() && !view.kind().equalsIgnoreCase("spark")) {
                throw new SettingException(key(profile, HdInsightBackendFactory.CLUSTER_NAME) + ": HDInsight cluster " + cluster + " is a "
                        + view.kind() + " cluster, not a Spark one: its Livy does not run Spark batches");
            }
            if (view.phase() != Phase.READY) {
                LOG.log(System.Logger.Level.WARNING, "hdinsight profile {0}: cluster {1} is {2}: runs wait for it", profile, cluster, view.states());
            }
        } catch (SettingException e) {
            throw e;
        } catch (RuntimeException e) {
            refused(e, profile, configuration, "HDInsight cluster " + cluster + " in resource group " + configuration.resourceGroup(),
                    HdInsightBackendFactory.CLUSTER_NAME);
        }
        try {
            livy.probe();
        } catch (LivyException e) {
            if (e.unauthorized()) {
                throw new SettingException(key(profile, HdInsightBackendFactory.LOGIN_PASSWORD) + ": Livy at " + livy.base()
                        + " refuses the login of " + configuration.loginUsername() + " (" + e.status() + " " + e.livyMessage() + "); see also "
                        + key(profile, HdInsightBackendFactory.LOGIN_USERNAME), e);
            }
            if (e.status() == 404) {
                throw new SettingException(key(profile, HdInsightBackendFactory.LIVY_ENDPOINT) + ": there is no Livy at " + livy.base() + " ("
                        + e.livyMessage() + ")", e);
            }
            LOG.log(System.Logger.Level.WARNING, "hdinsight profile {0}: cannot check Livy at {1} ({2}): runs will say what is wrong", profile,
                    livy.base(), e.getMessage());
        }
    }

    static void ephemeral(ClustersClient clusters, HdInsightConfiguration configuration, String profile) {
        String password = secret(configuration.loginPassword(), key(profile, HdInsightBackendFactory.LOGIN_PASSWORD));
        if (!acceptable(password)) {
            throw new SettingException(key(profile, HdInsightBackendFactory.LOGIN_PASSWORD) + ": HDInsight takes a cluster login's password of 10"
                    + " or more characters with an upper-case letter, a lower-case letter, a digit and a symbol; the one "
                    + configuration.loginPassword() + " names is not (it is not shown)");
        }
        configuration.ephemeral().orElseThrow().storage().key()
                .ifPresent(reference -> secret(reference, key(profile, HdInsightBackendFactory.STORAGE_KEY)));
        try {
            clusters.listByResourceGroup(configuration.resourceGroup(), Context.NONE).stream().findFirst();
        } catch (RuntimeException e) {
            refused(e, profile, configuration, "resource group " + configuration.resourceGroup(), HdInsightBackendFactory.RESOURCE_GROUP);
        }
    }

    /** Whether HDInsight takes the password for a new cluster's login. */
    static boolean acceptable(String password) {
        return password.length() >= 10 && UPPER.matcher(password).find() && LOWER.matcher(password).find() && DIGIT.matcher(password).find()
                && SYMBOL.matcher(password).find();
    }

    /** The credential, read; a reference that cannot be read names the key. */
    private static String secret(SecretReference reference, String key) {
        try {
            return reference.resolve();
        } catch (SettingException e) {
            throw new SettingException(key + ": " + e.getMessage(), e);
        }
    }

    /** What Azure's refusal says of the settings; an Azure that does not answer is only said. */
    private static void refused(RuntimeException e, String profile, HdInsightConfiguration configuration, String what, String notFoundKey) {
        String said = AzureErrors.describe(e);
        String code = AzureErrors.code(e).toLowerCase(Locale.ROOT);
        int status = AzureErrors.status(e);
        if (status == 401) {
            throw new SettingException(key(profile, HdInsightBackendFactory.CREDENTIALS) + ": Azure Resource Manager does not take the credentials: "
                    + said, e);
        }
        if (isCredentialFailure(e)) {
            // no call left the machine: azure-identity found no credential to get a token with
            throw new SettingException(key(profile, HdInsightBackendFactory.CREDENTIALS) + ": no credentials for Azure Resource Manager (set"
                    + " AZURE_CLIENT_ID and its secret or certificate, a workload or managed identity, or log in with the Azure CLI): " + said, e);
        }
        if (code.contains("subscription")) {
            throw new SettingException(key(profile, HdInsightBackendFactory.SUBSCRIPTION_ID) + ": Azure refuses subscription "
                    + configuration.subscriptionId() + ": " + said, e);
        }
        if (code.contains("resourcegroup")) {
            throw new SettingException(key(profile, HdInsightBackendFactory.RESOURCE_GROUP) + ": Azure refuses resource group "
                    + configuration.resourceGroup() + ": " + said, e);
        }
        if (status == 403) {
            throw new SettingException(key(profile, HdInsightBackendFactory.CREDENTIALS) + ": the identity may not read " + what + ": " + said, e);
        }
        if (status == 404) {
            throw new SettingException(key(profile, notFoundKey) + ": Azure has no " + what + ": " + said, e);
        }
        if (status == 400) {
            throw new SettingException(key(profile, notFoundKey) + ": Azure refuses " + what + ": " + said, e);
        }
        LOG.log(System.Logger.Level.WARNING, "hdinsight profile {0}: cannot check {1} with Azure ({2}): runs will say what is wrong", profile, what,
                said);
    }

    /** azure-identity's failure to find any credential, which it may wrap. */
    private static boolean isCredentialFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientAuthenticationException || cause.getClass().getName().startsWith("com.azure.identity.")) {
                return true;
            }
        }
        return false;
    }

    /** The full key of a setting of the profile, as an operator writes it. */
    static String key(String profile, String setting) {
        return "sparkplane.backends." + profile + "." + setting;
    }
}
