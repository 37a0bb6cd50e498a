package io.sparkplane.spi.engine;

import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the engine backends of one type. An engine profile is data: {@code
 * sparkplane.backends.<profile>.type=<type>} and that type's settings under the same prefix; the
 * control plane finds each factory with {@link java.util.ServiceLoader} (a plug-in's {@code
 * META-INF/services/io.sparkplane.spi.engine.EngineBackendFactory}), configures every enabled
 * profile at start, and creates a profile's backend on its first use. Runs name the profile.
 *
 * @param <C> the type's parsed configuration, immutable
 */
public interface EngineBackendFactory<C> {

    /** The name profiles give as {@code type} ({@code local}, {@code kubernetes}): lower case, dashes. */
    String type();

    /** Every setting a profile of this type accepts, with its default and one line of docs; any other key is an error. */
    List<Setting> settings();

    /**
     * Reads and checks a profile's settings, without starting anything: the control plane calls it
     * at start, so a mistake stops it there, naming the key.
     *
     * @throws io.sparkplane.spi.settings.SettingException naming the key that is wrong
     */
    C configure(Settings settings);

    /** What one profile of this type takes on: runs at once, executors per run. */
    BackendLimits limits(C configuration);

    /**
     * Spark properties every run on the profile gets, which its own {@code sparkConf} may not set
     * (a submit naming one is refused, naming the key). None by default.
     */
    default Map<String, String> sparkConf(C configuration) {
        return Map.of();
    }

    /**
     * Who runs the attempts' spark-submit on this type; the engine launcher by default. The control
     * plane stages a {@link JobHosting#SERVICE} type's inputs before it provisions.
     */
    default JobHosting hosting() {
        return JobHosting.LAUNCHER;
    }

    /**
     * The URI schemes of the staging a {@link JobHosting#SERVICE} type's service reads its inputs
     * from and writes its logs to ({@code s3} for AWS); a run whose workspace stages elsewhere is
     * refused at submit. Empty (any) by default.
     */
    default Set<String> stagingSchemes() {
        return Set.of();
    }

    /**
     * How long an attempt on this profile may take to start its job before it ends
     * {@code PROVISIONING_FAILED}, when the type's clusters take longer than the control plane's
     * {@code sparkplane.deadlines.provisioning-timeout} (a cloud cluster takes minutes); empty: that one.
     */
    default Optional<Duration> provisioningTimeout(C configuration) {
        return Optional.empty();
    }

    /**
     * The profile's backend, on its first use. It may hold clients and threads until {@link
     * EngineBackend#close()}.
     *
     * @throws io.sparkplane.spi.engine.EngineBackendException when it cannot start (no Spark, an unreachable API)
     * @throws io.sparkplane.spi.settings.SettingException when the backend's service says the profile is wrong (an
     *     instance type its release does not take): the control plane refuses runs on the profile with that message
     *     until a later start succeeds
     */
    EngineBackend create(C configuration, BackendContext context);
}
