package io.sparkplane.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart rendered by Helm (with its defaults, and with ci/all-on-values.yaml), every manifest
 * read strictly into Fabric8's typed Kubernetes model, and the wiring between the objects asserted.
 *
 * <p>What this is and is not: Fabric8's model classes are the Kubernetes API's schemas as Java
 * classes, so a misspelt or misplaced field or a wrongly typed value fails here. It is not an API
 * server (none can run on the build machines, and the published JSON schemas cannot be fetched):
 * the server's own validation, admission (Pod Security "restricted"), defaulting and RBAC are not
 * exercised. The rules that matter most of those are asserted below by hand: names and labels,
 * selectors, ports, probes, the security context, the Role's verbs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartManifestsFabric8ModelTest {

    /**
     * What {@code KubernetesEngineBackend} calls (cloud-adapters/backends/kubernetes), resource by resource.
     * Pods: created; adopted with a get on a 409; listed and watched by its informer in each
     * namespace and by {@code informOnCondition} while it waits for pods to go; the driver read
     * before a resize makes workers; patched by {@code edit} (a get, then a JSON patch) when the
     * driver pod is marked with the highest worker index used, and a kept driver pod with its expiry;
     * deleted one by one (a worker, the driver in the foreground) and by label (Fabric8's
     * {@code withLabels(...).delete()} is one DELETE on the collection: RBAC's deletecollection).
     * Services, secrets and config maps: created, adopted with a get (the spec config map is also
     * read for the worker template), deleted by label. The owner references carry
     * blockOwnerDeletion, which needs update on pods/finalizers where the
     * OwnerReferencesPermissionEnforcement admission plugin runs. Keep this in step with the backend.
     */
    private static final Map<String, Set<String>> ENGINE_VERBS = Map.of(
            "pods", Set.of("create", "get", "list", "watch", "patch", "delete", "deletecollection"),
            "services", Set.of("create", "get", "deletecollection"),
            "secrets", Set.of("create", "get", "deletecollection"),
            "configmaps", Set.of("create", "get", "deletecollection"),
            "pods/finalizers", Set.of("update"));

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    /** What envFrom takes; keys that are not environment variable names are skipped by the kubelet without an error. */
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/started", "/q/health/live", "/q/health/ready");

    private Manifests defaults;
    private Manifests allOn;

    @BeforeAll
    void render() {
        defaults = SparkplaneChart.manifests(SparkplaneChart.renderDefaults());
        allOn = SparkplaneChart.manifests(SparkplaneChart.renderAllOn());
    }

    Stream<Arguments> renders() {
        return Stream.of(Arguments.of("defaults", defaults), Arguments.of("all-on", allOn));
    }

    // ---- every render ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyNameAndLabelIsOneTheApiServerAccepts(String values, Manifests manifests) {
        for (HasMetadata object : manifests.objects()) {
            String name = object.getMetadata().getName();
            // a Service's name becomes a DNS label; the others are subdomains
            Pattern rule = object instanceof Service ? DNS_LABEL : DNS_SUBDOMAIN;
            assertThat(name).as("%s name", object.getKind()).matches(rule).hasSizeLessThanOrEqualTo(63);
            assertThat(object.getMetadata().getNamespace()).as("%s %s namespace", object.getKind(), name).matches(DNS_LABEL);
            object.getMetadata().getLabels().forEach((key, value) -> {
                assertLabelKey(key);
                assertThat(value).as("label %s of %s %s", key, object.getKind(), name).matches(LABEL_NAME).hasSizeLessThanOrEqualTo(63);
            });
        }
        assertLabels(manifests.deployment().getSpec().getTemplate().getMetadata().getLabels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyObjectButTheRbacIsInTheReleaseNamespace(String values, Manifests manifests) {
        for (HasMetadata object : manifests.objects()) {
            if (!(object instanceof Role) && !(object instanceof RoleBinding)) {
                assertThat(object.getMetadata().getNamespace()).as("%s %s", object.getKind(), object.getMetadata().getName())
                        .isEqualTo(SparkplaneChart.NAMESPACE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theDeploymentSelectsItsOwnPods(String values, Manifests manifests) {
        Deployment deployment = manifests.deployment();
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();

        assertThat(selector).isNotEmpty();
        assertThat(deployment.getSpec().getSelector().getMatchExpressions()).isEmpty();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theServiceSendsToTheControlPlanesHttpPort(String values, Manifests manifests) {
        Service service = manifests.only(Service.class);
        Map<String, String> podLabels = manifests.deployment().getSpec().getTemplate().getMetadata().getLabels();

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(containerPort(manifests.controlPlaneContainer(), port.getTargetPort())).isEqualTo(8080);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void probesAskQuarkusHealthOnTheHttpPort(String values, Manifests manifests) {
        Container container = manifests.controlPlaneContainer();

        assertThat(healthCheck(container, container.getStartupProbe()).getPath()).isEqualTo("/q/health/started");
        assertThat(healthCheck(container, container.getLivenessProbe()).getPath()).isEqualTo("/q/health/live");
        assertThat(healthCheck(container, container.getReadinessProbe()).getPath()).isEqualTo("/q/health/ready");
        // the port the control plane is told to listen on is the one the probes and the Service use
        assertThat(manifests.environment().getData()).containsEntry("SPARKPLANE_PORT", "8080").containsEntry("SPARKPLANE_BIND_ADDRESS", "0.0.0.0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void podsRunRestricted(String values, Manifests manifests) {
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        PodSecurityContext podSecurity = pod.getSecurityContext();

        assertThat(podSecurity.getRunAsNonRoot()).isTrue();
        assertThat(podSecurity.getRunAsUser()).isPositive();
        assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getVolumes()).allSatisfy(volume -> assertThat(volume.getHostPath()).as(volume.getName()).isNull());
        for (Container container : pod.getContainers()) {
            SecurityContext security = container.getSecurityContext();
            assertThat(security.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation").isFalse();
            assertThat(security.getPrivileged()).as("privileged").isNotEqualTo(Boolean.TRUE);
            assertThat(security.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem").isTrue();
            assertThat(security.getRunAsNonRoot()).as("runAsNonRoot").isNotEqualTo(Boolean.FALSE);
            Long user = security.getRunAsUser() != null ? security.getRunAsUser() : podSecurity.getRunAsUser();
            assertThat(user).as("the user the container runs as").isPositive();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).isEmpty();
            assertThat(container.getPorts()).allSatisfy(port -> assertThat(port.getHostPort()).isNull());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theWritableDirectoriesAreEmptyDirs(String values, Manifests manifests) {
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        Map<String, String> environment = manifests.environment().getData();

        assertThat(volumeAt(pod, "/tmp").getEmptyDir()).isNotNull();
        assertThat(volumeAt(pod, environment.get("SPARKPLANE_HOME")).getEmptyDir()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void thePropertiesFileIsMountedWhereTheControlPlaneLooks(String values, Manifests manifests) {
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        String location = manifests.environment().getData().get("QUARKUS_CONFIG_LOCATIONS");
        String directory = location.substring(0, location.lastIndexOf('/'));
        String file = location.substring(location.lastIndexOf('/') + 1);

        Volume volume = volumeAt(pod, directory);
        assertThat(volume.getConfigMap()).as("volume %s", volume.getName()).isNotNull();
        ConfigMap properties = manifests.named(ConfigMap.class, volume.getConfigMap().getName());
        assertThat(properties.getData()).containsKey(file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void configChangesRollThePods(String values, Manifests manifests) {
        String checksum = manifests.deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");

        assertThat(checksum).matches("[0-9a-f]{64}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyEnvironmentVariableIsASettingTheControlPlaneReads(String values, Manifests manifests) throws IOException {
        Set<String> known = ControlPlaneSettings.environmentNames();

        for (String name : manifests.environment().getData().keySet()) {
            assertThat(name).matches(ENVIRONMENT_NAME);
            assertThat(known).as("the control plane's settings (docs/configuration.md, its application.properties)").contains(name);
        }
        for (EnvVar variable : manifests.controlPlaneContainer().getEnv()) {
            if (variable.getName().startsWith("SPARKPLANE_")) {
                assertThat(known).contains(variable.getName());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyPropertyIsASettingTheControlPlaneHas(String values, Manifests manifests) throws IOException {
        for (String key : properties(manifests).stringPropertyNames()) {
            if (key.equals("config_ordinal")) {
                continue;
            }
            assertThat(ControlPlaneSettings.isDocumentedProperty(key)).as("%s is in docs/configuration.md", key).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theDatabasePasswordIsNeverInTheManifests(String values, Manifests manifests) {
        assertThat(manifests.objects()).noneMatch(object -> object.getKind().equals("Secret"));
        assertThat(manifests.environment().getData().keySet()).noneMatch(name -> name.contains("PASSWORD"));
        for (EnvVar variable : manifests.controlPlaneContainer().getEnv()) {
            if (variable.getName().contains("PASSWORD")) {
                assertThat(variable.getValue()).as(variable.getName()).isNull();
                assertThat(variable.getValueFrom().getSecretKeyRef()).as(variable.getName()).isNotNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theRoleInEachEngineNamespaceGrantsExactlyWhatTheBackendCalls(String values, Manifests manifests) {
        for (Role role : manifests.all(Role.class)) {
            Map<String, Set<String>> granted = new TreeMap<>();
            for (PolicyRule rule : role.getRules()) {
                assertThat(rule.getApiGroups()).as("api groups").containsExactly("");
                assertThat(rule.getResourceNames()).as("resource names").isEmpty();
                assertThat(rule.getNonResourceURLs()).isEmpty();
                for (String resource : rule.getResources()) {
                    granted.computeIfAbsent(resource, unused -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
            assertThat(granted).as("rules of Role %s in %s", role.getMetadata().getName(), role.getMetadata().getNamespace())
                    .isEqualTo(ENGINE_VERBS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void eachEngineNamespaceBindsItsRoleToTheControlPlanesServiceAccount(String values, Manifests manifests) {
        String serviceAccount = manifests.deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
        ServiceAccount account = manifests.named(ServiceAccount.class, serviceAccount);

        assertThat(manifests.deployment().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
        List<RoleBinding> bindings = manifests.all(RoleBinding.class);
        assertThat(bindings).hasSameSizeAs(manifests.all(Role.class));
        for (RoleBinding binding : bindings) {
            String namespace = binding.getMetadata().getNamespace();
            Role role = manifests.all(Role.class).stream()
                    .filter(candidate -> candidate.getMetadata().getNamespace().equals(namespace))
                    .filter(candidate -> candidate.getMetadata().getName().equals(binding.getRoleRef().getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("RoleBinding in " + namespace + " names a Role that is not there"));
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
            assertThat(role.getMetadata().getNamespace()).isEqualTo(namespace);
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
                assertThat(subject.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyNamespaceTheControlPlanePlacesClustersInHasTheRoleAndMayCallBack(String values, Manifests manifests) throws IOException {
        Set<String> placed = placementNamespaces(manifests);
        NetworkPolicy policy = manifests.only(NetworkPolicy.class);
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();

        assertThat(manifests.all(Role.class)).extracting(role -> role.getMetadata().getNamespace())
                .containsExactlyInAnyOrderElementsOf(placed);
        assertThat(manifests.all(RoleBinding.class)).extracting(binding -> binding.getMetadata().getNamespace())
                .containsExactlyInAnyOrderElementsOf(placed);
        boolean fromAnywhere = rules.stream().anyMatch(rule -> rule.getFrom().isEmpty());
        if (!fromAnywhere) {
            Set<String> admitted = new TreeSet<>();
            for (NetworkPolicyIngressRule rule : rules) {
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    admitted.add(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
                }
            }
            assertThat(admitted).containsAll(placed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void podTemplatesAreMountedPodsWhereTheSettingsPointAt(String values, Manifests manifests) {
        Map<String, String> environment = manifests.environment().getData();
        for (String setting : List.of("SPARKPLANE_BACKENDS_KUBERNETES_DRIVER_POD_TEMPLATE", "SPARKPLANE_BACKENDS_KUBERNETES_WORKER_POD_TEMPLATE")) {
            String path = environment.get(setting);
            if (path == null) {
                continue;
            }
            Volume volume = volumeAt(manifests.deployment().getSpec().getTemplate().getSpec(), path.substring(0, path.lastIndexOf('/')));
            String template = manifests.named(ConfigMap.class, volume.getConfigMap().getName()).getData()
                    .get(path.substring(path.lastIndexOf('/') + 1));
            assertThat(template).as(setting).isNotNull();
            assertThat(new StrictKubernetesReader().readAll(template)).as(setting).singleElement().isInstanceOf(Pod.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void engineClustersCallBackThroughAnAddressThatReachesTheControlPlane(String values, Manifests manifests) {
        URI url = URI.create(manifests.environment().getData().get("SPARKPLANE_ENGINE_API_URL"));
        Service service = manifests.only(Service.class);

        if (values.equals("defaults")) {
            assertThat(url.getHost()).isEqualTo(service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc");
            assertThat(url.getPort()).isEqualTo(service.getSpec().getPorts().get(0).getPort());
        } else {
            assertThat(url).hasToString("http://sparkplane-internal.example.com:8080");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theDisruptionBudgetCoversTheControlPlanesPods(String values, Manifests manifests) {
        PodDisruptionBudget budget = manifests.only(PodDisruptionBudget.class);
        Map<String, String> podLabels = manifests.deployment().getSpec().getTemplate().getMetadata().getLabels();

        assertThat(budget.getSpec().getSelector().getMatchLabels()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isLessThan(manifests.deployment().getSpec().getReplicas());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theNetworkPolicyOpensTheHttpPortOfTheControlPlanesPods(String values, Manifests manifests) {
        NetworkPolicy policy = manifests.only(NetworkPolicy.class);
        Map<String, String> podLabels = manifests.deployment().getSpec().getTemplate().getMetadata().getLabels();

        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getProtocol()).isEqualTo("TCP");
                assertThat(containerPort(manifests.controlPlaneContainer(), port.getPort())).isEqualTo(8080);
            });
        }
    }

    // ---- the defaults ----

    @Nested
    class Defaults {

        @Test
        void rendersTheControlPlaneAndItsEngineRbacInTheReleaseNamespace() {
            assertThat(kinds(defaults)).containsExactlyInAnyOrder("ConfigMap", "ConfigMap", "Deployment", "NetworkPolicy",
                    "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount");
            assertThat(defaults.only(Role.class).getMetadata().getNamespace()).isEqualTo(SparkplaneChart.NAMESPACE);
            assertThat(defaults.environment().getData())
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_TYPE", "kubernetes")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_NAMESPACE", SparkplaneChart.NAMESPACE);
        }

        @Test
        void runsTwoReplicasWithABudgetOfOne() {
            assertThat(defaults.deployment().getSpec().getReplicas()).isEqualTo(2);
            assertThat(defaults.only(PodDisruptionBudget.class).getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
        }

        @Test
        void imagesDefaultToTheChartsAppVersion() {
            assertThat(defaults.controlPlaneContainer().getImage()).isEqualTo("sparkplane/control-plane:0.1.0");
            assertThat(defaults.environment().getData()).containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_IMAGE", "sparkplane/engine:0.1.0");
        }

        @Test
        void pointsAtAnExternalDatabaseSoNoEmbeddedOneStarts() {
            assertThat(defaults.environment().getData())
                    .containsEntry("SPARKPLANE_DB_URL", "jdbc:postgresql://postgresql:5432/sparkplane")
                    .containsEntry("SPARKPLANE_DB_USER", "sparkplane");
            // no Secret named: no password is sent at all; the only secret is the bootstrap token's
            assertThat(defaults.controlPlaneContainer().getEnv()).extracting(EnvVar::getName).containsExactly("SPARKPLANE_AUTH_BOOTSTRAP_TOKEN");
        }

        @Test
        void makesTheBootstrapTokenOnceAsASecretTheControlPlaneReads() throws IOException {
            EnvVar variable = defaults.controlPlaneContainer().getEnv().get(0);
            assertThat(variable.getValue()).isNull();
            assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo(defaults.deployment().getMetadata().getName() + "-bootstrap-token");
            assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
            // The Secret is a pre-install hook, so that an upgrade never applies a new random value; helm-java's
            // template leaves hooks out of what it renders, so the hook's own template is read here.
            String hook = Files.readString(SparkplaneChart.DIRECTORY.resolve("templates/bootstrap-token-secret.yaml"));
            assertThat(hook).contains("kind: Secret", "helm.sh/hook: pre-install", "helm.sh/resource-policy: keep",
                    "name: {{ include \"sparkplane.bootstrapTokenSecret\" . }}", "printf \"spk_%s\" (randAlphaNum 48)")
                    .doesNotContain("lookup");
        }

        @Test
        void letsAnyoneReachTheApiWhenNoNamespaceIsNamed() {
            assertThat(defaults.only(NetworkPolicy.class).getSpec().getIngress()).singleElement()
                    .satisfies(rule -> assertThat(rule.getFrom()).isEmpty());
        }

        @Test
        void passesNoOptionalEngineSetting() {
            assertThat(defaults.environment().getData()).doesNotContainKeys("SPARKPLANE_BACKENDS_KUBERNETES_IMAGE_PULL_SECRETS",
                    "SPARKPLANE_BACKENDS_KUBERNETES_SERVICE_ACCOUNT", "SPARKPLANE_BACKENDS_KUBERNETES_TOLERATIONS",
                    "SPARKPLANE_BACKENDS_KUBERNETES_DRIVER_POD_TEMPLATE", "SPARKPLANE_BACKENDS_KUBERNETES_WORKER_POD_TEMPLATE",
                    "SPARKPLANE_STAGING_LOCATION");
            assertThat(defaults.environment().getData()).containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_FINISHED_CLUSTER_TTL", "PT10M");
        }
    }

    // ---- every option on ----

    @Nested
    class AllOn {

        @Test
        void rendersARoleAndBindingInEachEngineNamespaceOnce() throws IOException {
            // listed, listed, a workspace's own; the other workspace is in a listed one
            assertThat(allOn.all(Role.class)).extracting(role -> role.getMetadata().getNamespace())
                    .containsExactlyInAnyOrder("spark-jobs", "spark-batch", "spark-analytics");
            assertThat(allOn.all(RoleBinding.class)).extracting(binding -> binding.getMetadata().getNamespace())
                    .containsExactlyInAnyOrder("spark-jobs", "spark-batch", "spark-analytics");
            // clusters go to the first listed unless their workspace has its own
            assertThat(allOn.environment().getData()).containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_NAMESPACE", "spark-jobs");
            assertThat(properties(allOn))
                    .containsEntry("sparkplane.backends.kubernetes.workspace-namespaces.\"analytics\"", "spark-analytics")
                    .containsEntry("sparkplane.backends.kubernetes.workspace-namespaces.\"reporting\"", "spark-batch");
        }

        @Test
        void acceptsTheOidcIssuersJwtsWithItsGroupRoles() {
            assertThat(allOn.environment().getData())
                    .containsEntry("SPARKPLANE_AUTH_OIDC_ENABLED", "true")
                    .containsEntry("SPARKPLANE_AUTH_OIDC_ISSUER", "https://login.example.com/realms/data")
                    .containsEntry("SPARKPLANE_AUTH_OIDC_AUDIENCE", "sparkplane,sparkplane-cli")
                    .containsEntry("SPARKPLANE_AUTH_OIDC_GROUPS_CLAIM", "realm_access/roles")
                    .containsEntry("SPARKPLANE_AUTH_OIDC_GROUP_ROLES", "platform=admin,data-eng=editor@analytics,cn=auditors=viewer@reporting");
        }

        @Test
        void takesTheDatabasePasswordFromTheNamedSecret() {
            assertThat(allOn.controlPlaneContainer().getEnv()).filteredOn(variable -> variable.getName().equals("SPARKPLANE_DB_PASSWORD"))
                    .singleElement()
                    .satisfies(variable -> {
                        assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sparkplane-db");
                        assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("db-password");
                    });
        }

        @Test
        void passesTheEngineSettingsThroughToTheControlPlane() {
            assertThat(allOn.environment().getData())
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_IMAGE", "registry.example.com/sparkplane/engine:0.1.0-rc1")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_IMAGE_PULL_POLICY", "Always")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_IMAGE_PULL_SECRETS", "engine-pull,engine-pull-mirror")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_SERVICE_ACCOUNT", "spark-engine")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_TOLERATIONS", "pool=spark:NoSchedule,spot:NoExecute")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_SPARK_MASTER_PORT", "7078")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_MEMORY_OVERHEAD_FACTOR", "0.2")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_PULL_FAILURE_GRACE", "PT1M")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_SCHEDULING_DEADLINE", "PT10M")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_WORKER_GRACE_PERIOD", "PT90S")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_FINISHED_CLUSTER_TTL", "PT30M")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_DRIVER_POD_TEMPLATE", "/etc/sparkplane/driver-pod-template.yaml")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_WORKER_POD_TEMPLATE", "/etc/sparkplane/worker-pod-template.yaml")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_MAX_CONCURRENT_RUNS", "40")
                    .containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_MAX_EXECUTORS_PER_RUN", "100")
                    .containsEntry("SPARKPLANE_STAGING_LOCATION", "s3://example-bucket/sparkplane");
        }

        @Test
        void writesMapsAndExtraSettingsIntoThePropertiesFile() throws IOException {
            Properties properties = properties(allOn);

            // quoted: the label keys hold dots and slashes
            assertThat(properties)
                    .containsEntry("sparkplane.backends.kubernetes.node-selector.\"node.kubernetes.io/instance-type\"", "m5.2xlarge")
                    .containsEntry("sparkplane.backends.kubernetes.node-selector.\"pool\"", "spark")
                    .containsEntry("sparkplane.store.s3.region", "eu-west-1")
                    .containsEntry("sparkplane.store.s3.secret-access-key", "${S3_SECRET_ACCESS_KEY}")
                    .containsEntry("sparkplane.autoscaler.enabled", "true");
        }

        @Test
        void placesThePodsAsAsked() {
            PodSpec pod = allOn.deployment().getSpec().getTemplate().getSpec();

            assertThat(allOn.deployment().getSpec().getReplicas()).isEqualTo(3);
            assertThat(pod.getNodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
            assertThat(pod.getTolerations()).singleElement().satisfies(toleration -> {
                assertThat(toleration.getKey()).isEqualTo("dedicated");
                assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
            });
            assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
            assertThat(pod.getImagePullSecrets()).extracting(reference -> reference.getName()).containsExactly("control-plane-pull");
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
            assertThat(allOn.controlPlaneContainer().getResources().getLimits()).containsKeys("cpu", "memory");
            assertThat(allOn.deployment().getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("prometheus.io/scrape");
            assertThat(allOn.deployment().getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "data-platform");
            assertThat(allOn.controlPlaneContainer().getEnv()).extracting(EnvVar::getName)
                    .contains("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY");
        }

        @Test
        void theIngressRoutesEveryHostToTheServiceWithTls() {
            Ingress ingress = allOn.only(Ingress.class);
            Service service = allOn.only(Service.class);

            assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
            assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
                    .containsExactly("sparkplane.example.com", "api.sparkplane.example.com");
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
                    assertThat(service.getSpec().getPorts()).extracting(port -> port.getName())
                            .contains(path.getBackend().getService().getPort().getName());
                }
            }
            assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
                assertThat(tls.getSecretName()).isEqualTo("sparkplane-tls");
                assertThat(tls.getHosts()).containsExactly("sparkplane.example.com", "api.sparkplane.example.com");
            });
        }

        @Test
        void thePodTemplatesKeepWhatTheOperatorWrote() {
            Map<String, String> files = allOn.named(ConfigMap.class, "sparkplane-files").getData();
            Pod driver = (Pod) new StrictKubernetesReader().readAll(files.get("driver-pod-template.yaml")).get(0);
            Pod worker = (Pod) new StrictKubernetesReader().readAll(files.get("worker-pod-template.yaml")).get(0);

            assertThat(driver.getMetadata().getAnnotations()).containsEntry("example.com/cost-center", "data");
            assertThat(driver.getSpec().getPriorityClassName()).isEqualTo("spark-drivers");
            assertThat(driver.getSpec().getContainers()).extracting(Container::getName).containsExactly("log-shipper");
            assertThat(worker.getSpec().getPriorityClassName()).isEqualTo("spark-workers");
            assertThat(worker.getSpec().getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
        }

        @Test
        void theNetworkPolicyLetsInTheNamedNamespacesAndTheEnginePods() {
            List<NetworkPolicyIngressRule> rules = allOn.only(NetworkPolicy.class).getSpec().getIngress();

            assertThat(rules).hasSize(2);
            assertThat(rules.get(0).getFrom()).extracting(peer -> peer.getNamespaceSelector().getMatchLabels())
                    .containsExactly(Map.of("kubernetes.io/metadata.name", "ingress-nginx"), Map.of("kubernetes.io/metadata.name", "ci"));
            List<NetworkPolicyPeer> engines = rules.get(1).getFrom();
            assertThat(engines).extracting(peer -> peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
                    .containsExactly("spark-jobs", "spark-batch", "spark-analytics");
            // the label KubernetesEngineBackend puts on every engine pod (EngineLabels.MANAGED_BY)
            assertThat(engines).allSatisfy(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                    .containsExactly(Map.entry("app.kubernetes.io/managed-by", "sparkplane")));
        }

        @Test
        void theServiceListensOnTheConfiguredPortAndTheBudgetHoldsTwo() {
            assertThat(allOn.only(Service.class).getSpec().getPorts().get(0).getPort()).isEqualTo(80);
            assertThat(allOn.only(PodDisruptionBudget.class).getSpec().getMinAvailable()).isEqualTo(new IntOrString(2));
            assertThat(allOn.only(ServiceAccount.class).getMetadata().getName()).isEqualTo("sparkplane-controller");
        }
    }

    // ---- single switches ----

    @Test
    void oneReplicaGetsNoDisruptionBudget() {
        Manifests one = SparkplaneChart.manifests(SparkplaneChart.render(List.of(), Map.of("replicaCount", 1)));

        assertThat(one.deployment().getSpec().getReplicas()).isEqualTo(1);
        assertThat(one.all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void anExistingBootstrapTokenSecretIsReadAndNoneIsMade() {
        Manifests own = SparkplaneChart.manifests(SparkplaneChart.render(List.of(),
                Map.of("auth.bootstrapToken.existingSecret", "ops-admin-token", "auth.bootstrapToken.tokenKey", "secret")));

        assertThat(own.all(Secret.class)).isEmpty();
        EnvVar variable = own.controlPlaneContainer().getEnv().stream().filter(env -> env.getName().equals("SPARKPLANE_AUTH_BOOTSTRAP_TOKEN"))
                .findFirst().orElseThrow();
        assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ops-admin-token");
        assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secret");
    }

    @Test
    void oidcIsOffByDefaultAndNeedsAnIssuerWhenOn() {
        assertThat(defaults.environment().getData()).doesNotContainKeys("SPARKPLANE_AUTH_OIDC_ENABLED", "SPARKPLANE_AUTH_OIDC_ISSUER");
        assertThatThrownBy(() -> SparkplaneChart.render(List.of(), Map.of("auth.oidc.enabled", true)))
                .hasMessageContaining("auth.oidc.enabled needs auth.oidc.issuer");
    }

    @Test
    void withoutTheKubernetesBackendTheChartRefusesToRender() {
        // the control plane's pod has no Spark for the local backend, so it would have none at all
        assertThatThrownBy(() -> SparkplaneChart.render(List.of(), Map.of("engine.enabled", false)))
                .hasMessageContaining("engine.enabled");
    }

    @Test
    void runsGoToKubernetesAndTheLocalBackendIsOff() {
        assertThat(defaults.environment().getData()).containsEntry("SPARKPLANE_BACKENDS_KUBERNETES_TYPE", "kubernetes")
                .containsEntry("SPARKPLANE_DEFAULT_BACKEND", "kubernetes")
                .containsEntry("SPARKPLANE_BACKENDS_LOCAL_ENABLED", "false");
    }

    @Test
    void aChangedSettingChangesTheChecksumAndAnUnchangedOneDoesNot() {
        String again = checksum(SparkplaneChart.manifests(SparkplaneChart.renderDefaults()));
        String changedEnvironment = checksum(SparkplaneChart.manifests(
                SparkplaneChart.render(List.of(), Map.of("engine.image.tag", "0.1.1"))));
        String changedProperties = checksum(SparkplaneChart.manifests(
                SparkplaneChart.render(List.of(), Map.of("engine.nodeSelector.pool", "spark"))));

        assertThat(again).isEqualTo(checksum(defaults));
        assertThat(changedEnvironment).isNotEqualTo(checksum(defaults));
        assertThat(changedProperties).isNotEqualTo(checksum(defaults)).isNotEqualTo(changedEnvironment);
    }

    // ---- helpers ----

    private static List<String> kinds(Manifests manifests) {
        return manifests.objects().stream().map(HasMetadata::getKind).toList();
    }

    private static String checksum(Manifests manifests) {
        return manifests.deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
    }

    private static Properties properties(Manifests manifests) throws IOException {
        String location = manifests.environment().getData().get("QUARKUS_CONFIG_LOCATIONS");
        String file = location.substring(location.lastIndexOf('/') + 1);
        Volume volume = volumeAt(manifests.deployment().getSpec().getTemplate().getSpec(), location.substring(0, location.lastIndexOf('/')));
        Properties properties = new Properties();
        properties.load(new StringReader(manifests.named(ConfigMap.class, volume.getConfigMap().getName()).getData().get(file)));
        return properties;
    }

    /** Where the control plane may create engine clusters, from its settings: the default namespace and each workspace's. */
    private static Set<String> placementNamespaces(Manifests manifests) throws IOException {
        Set<String> namespaces = new TreeSet<>();
        String fallback = manifests.environment().getData().get("SPARKPLANE_BACKENDS_KUBERNETES_NAMESPACE");
        if (fallback == null) {
            return namespaces;
        }
        namespaces.add(fallback);
        Properties properties = properties(manifests);
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("sparkplane.backends.kubernetes.workspace-namespaces.")) {
                namespaces.add(properties.getProperty(key));
            }
        }
        return namespaces;
    }

    /** The container port a Service's targetPort or a probe's port names, by name or number. */
    private static int containerPort(Container container, IntOrString port) {
        List<ContainerPort> ports = container.getPorts();
        if (port.getStrVal() != null) {
            return ports.stream().filter(candidate -> port.getStrVal().equals(candidate.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal() + " in " + ports))
                    .getContainerPort();
        }
        return ports.stream().filter(candidate -> candidate.getContainerPort().equals(port.getIntVal())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port " + port.getIntVal() + " in " + ports))
                .getContainerPort();
    }

    private static HTTPGetAction healthCheck(Container container, Probe probe) {
        assertThat(probe).isNotNull();
        HTTPGetAction check = probe.getHttpGet();
        assertThat(check).isNotNull();
        assertThat(HEALTH_PATHS).contains(check.getPath());
        assertThat(containerPort(container, check.getPort())).isEqualTo(8080);
        return check;
    }

    /** The volume mounted at exactly that path in the control plane's container. */
    private static Volume volumeAt(PodSpec pod, String path) {
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
        return pod.getVolumes().stream()
                .filter(volume -> volume.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("volume " + mount.getName() + " is mounted but not declared"));
    }

    private static void assertLabels(Map<String, String> labels) {
        labels.forEach((key, value) -> {
            assertLabelKey(key);
            assertThat(value).as("label %s", key).matches(LABEL_NAME).hasSizeLessThanOrEqualTo(63);
        });
    }

    /** A label key: an optional DNS subdomain prefix and a slash, then a name of up to 63 characters. */
    private static void assertLabelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash >= 0 ? key.substring(slash + 1) : key;
        if (slash >= 0) {
            assertThat(key.substring(0, slash)).as("prefix of label %s", key).matches(DNS_SUBDOMAIN).hasSizeLessThanOrEqualTo(253);
        }
        assertThat(name).as("label %s", key).matches(LABEL_NAME).hasSizeLessThanOrEqualTo(63);
    }
}
