package io.sparkplane.controlplane.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sparkplane's own settings ({@code sparkplane.*}); defaults are listed in docs/configuration.md. */
@ConfigMapping(prefix = "sparkplane")
public interface SparkplaneConfig {

    /** Where Sparkplane keeps its embedded database and engine work directories. */
    Path home();

    /** The URL engine launchers use to reach this control plane's internal API. */
    String engineApiUrl();

    /**
     * The plug-ins directory: each directory in it holding jars is one backend or store module, loaded
     * in a class loader of its own; by default the installation's {@code plugins/} (beside {@code app/}).
     */
    Optional<Path> pluginDirectory();

    /**
     * Where the Hadoop connector jars engines run with are unpacked; by default {@code <home>/engine/connectors}.
     * Control planes on one machine may share one: one copy, and the local backend's class-data archives fit them all.
     */
    Optional<Path> connectorDirectory();

    /** How often the reconciler runs (read by its {@code @Scheduled} loop). */
    @WithDefault("1s")
    String loopInterval();

    /**
     * How often the clusters of service-hosted profiles (EMR) are swept for those whose attempt is
     * over (read by its {@code @Scheduled} loop); their APIs are rate-limited.
     */
    @WithDefault("60s")
    String sweepInterval();

    Dispatcher dispatcher();

    Schedules schedules();

    Auth auth();

    Deadlines deadlines();

    Autoscaler autoscaler();

    Staging staging();

    Inputs inputs();

    History history();

    /**
     * Object store settings by store: {@code sparkplane.store.<store>.<setting>}, each store's checked
     * by its factory (docs/configuration.md#object-stores).
     */
    Map<String, Map<String, String>> store();

    /**
     * Further sets of store settings by profile name, each like {@link #store()}
     * ({@code sparkplane.store-profiles.<profile>.s3.*}, ...): a workspace that names a profile
     * reaches its staging, its runs' inputs and its jobs' own paths with them.
     */
    Map<String, Map<String, Map<String, String>>> storeProfiles();

    /** The engine profile of runs that name none; it must be an enabled profile. */
    @WithDefault("local")
    String defaultBackend();

    /**
     * Engine profiles by name: {@code sparkplane.backends.<profile>.type} and that type's settings
     * ({@code sparkplane.backends.<profile>.<setting>}), checked by the type's factory
     * (docs/configuration.md#engine-profiles).
     */
    Map<String, Map<String, String>> backends();

    /**
     * The backend settings from before engine profiles, {@code sparkplane.backend.*}: read only so
     * that any one of them stops the control plane naming what replaced it.
     */
    @WithName("backend")
    Map<String, String> renamedBackendSettings();

    /**
     * Warm pools by name: {@code sparkplane.warm-pools.<pool>.workspace}, {@code .profile},
     * {@code .size}, {@code .idle-ttl}, {@code .workers} and the driver's and executors' shape
     * (docs/warm-pools.md); checked at start.
     */
    Map<String, Map<String, String>> warmPools();

    /** How often each replica looks after the warm pools: starts, checks and stops their clusters. */
    @WithDefault("2s")
    String warmPoolInterval();

    interface Auth {
        /**
         * The bootstrap admin token's secret ({@code spk_...}), used only on a first start with no
         * tokens; by default one is generated and written to {@code {home}/admin-token}. The Helm
         * chart sets it from a Kubernetes Secret.
         */
        Optional<String> bootstrapToken();

        /** Runs one token may submit per second, on each replica, after its burst; 0: no limit. */
        @WithDefault("20")
        double submissionsPerSecond();

        /** Runs one token may submit at once before the rate applies. */
        @WithDefault("40")
        int submissionBurst();

        /** JWTs of an external OpenID Connect issuer, accepted beside the API tokens (docs/security.md#oidc). */
        Oidc oidc();
    }

    /** Read here for the roles; the issuer, audience and claim reach quarkus-oidc through application.properties. */
    interface Oidc {
        /** Off: only API tokens are accepted. */
        @WithDefault("false")
        boolean enabled();

        /** The issuer's URL ({@code iss}); its keys are found through {@code <issuer>/.well-known/openid-configuration}. */
        Optional<String> issuer();

        /** The audiences of which a JWT must name one ({@code aud}); unset: the audience is not checked. */
        Optional<List<String>> audience();

        /** The claim that lists the caller's groups; a path with {@code /} reaches into nested claims. */
        @WithDefault("groups")
        String groupsClaim();

        /** {@code <group>=admin} or {@code <group>=<editor|viewer>@<workspace>}, comma-separated; an identity in no listed group is refused (403). */
        Optional<List<String>> groupRoles();

        /**
         * The client the web console signs in as through the issuer's login (authorization code with
         * PKCE, a public client whose redirect URI is the console's URL); unset: the console takes API tokens only.
         */
        Optional<String> consoleClientId();

        /** The scopes the console asks the issuer for. */
        @WithDefault("openid profile")
        String consoleScopes();

        /** Which of the issuer's tokens the console sends as its bearer: {@code access-token}, or {@code id-token} for an issuer whose access tokens are not JWTs. */
        @WithDefault("access-token")
        String consoleBearer();
    }

    interface Schedules {
        /** Off: no schedule fires on this replica (the others' still do); runs are still started through the API. */
        @WithDefault("true")
        boolean enabled();

        /** How often due schedules are looked for (read by its {@code @Scheduled} loop). */
        @WithDefault("1s")
        String interval();

        /** A fire time found due later than this was missed (the control plane was down), and the schedule's catch-up policy decides. */
        @WithDefault("PT60S")
        Duration misfireThreshold();
    }

    interface Dispatcher {
        /** Off pauses dispatching: runs are accepted and stay QUEUED (benchmarks, maintenance). */
        @WithDefault("true")
        boolean enabled();

        /** How often the queue is polled besides the wake-ups on submit and on an attempt's end (read by its {@code @Scheduled} loop). */
        @WithDefault("1s")
        String interval();

        /** Claimed runs whose engine clusters one replica starts at once (each waits on its backend's API). */
        @WithDefault("4")
        int provisionConcurrency();
    }

    interface Deadlines {
        /** How long an attempt may take from PROVISIONING until its launcher reports RUNNING. */
        @WithDefault("PT3M")
        Duration provisioningTimeout();

        /** Silence after which a running engine is checked with its backend. */
        @WithDefault("PT20S")
        Duration heartbeatTimeout();

        /** Silence after which an engine that its backend still shows alive is given up as lost. */
        @WithDefault("PT2M")
        Duration unresponsiveTimeout();

        /** A PROVISIONING attempt with no cluster this old is provisioned again (its dispatcher died). */
        @WithDefault("PT15S")
        Duration provisionRetryAfter();
    }

    interface Autoscaler {
        /** Off freezes every cluster at its first size (workers that die are still not replaced). */
        @WithDefault("true")
        boolean enabled();

        /** How often each running cluster's policy decides and its cluster is repaired (read by its {@code @Scheduled} loop). */
        @WithDefault("1s")
        String interval();

        /** A driver snapshot older than this is not acted on (the job is between Spark phases, or its driver is stuck). */
        @WithDefault("PT10S")
        Duration snapshotMaxAge();

        /** The dynamic-allocation policy's executor idle timeout; also handed to backends in the cluster spec. */
        @WithDefault("PT60S")
        Duration idleTimeout();
    }

    interface Staging {
        /** Where artifacts, driver logs, event logs and outputs are kept: any store URI; by default file://{home}/staging. */
        Optional<String> location();

        /** The largest artifact {@code POST /api/v1/artifacts} accepts. */
        @WithDefault("1G")
        MemorySize maxArtifactSize();

        /** The largest file an engine may upload to its attempt's staging prefix (driver log, event log, outputs). */
        @WithDefault("2G")
        MemorySize maxUploadSize();
    }

    interface Inputs {
        /** The URI schemes a run's code and files may name besides artifacts. */
        @WithDefault("s3,gs,abfss,wasbs,https")
        List<String> allowedSchemes();

        /**
         * Development only: local directories under which a run may name files by absolute path or
         * {@code file:} URI. Unset, local paths are refused.
         */
        Optional<List<Path>> localRoots();
    }

    interface History {
        /**
         * The Spark History Server that reads the staging locations' {@code history/} (docs/history.md), such as
         * {@code http://127.0.0.1:18080}: when set, a run links to its application's page there. An absolute
         * http(s) URL; a path is kept (a History Server behind a proxy), a query or fragment is refused at start.
         */
        Optional<String> url();
    }
}
