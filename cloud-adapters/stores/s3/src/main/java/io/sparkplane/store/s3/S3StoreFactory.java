package io.sparkplane.store.s3;

import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import io.sparkplane.spi.storage.StoreContext;
import io.sparkplane.store.s3.S3StoreSettings.Checksums;
import io.sparkplane.store.s3.S3StoreSettings.Credentials;
import io.sparkplane.store.s3.S3StoreSettings.DefaultChain;
import io.sparkplane.store.s3.S3StoreSettings.RetryMode;
import io.sparkplane.store.s3.S3StoreSettings.StaticCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code s3} store ({@code s3://}): {@code sparkplane.store.s3.*}, and {@code s3a://} for jobs. */
public final class S3StoreFactory implements ObjectStoreFactory<S3StoreSettings> {

    static final String REGION = "region";
    static final String ENDPOINT = "endpoint";
    static final String PATH_STYLE_ACCESS = "path-style-access";
    static final String ACCESS_KEY_ID = "access-key-id";
    static final String SECRET_ACCESS_KEY = "secret-access-key";
    static final String SESSION_TOKEN = "session-token";
    static final String CHECKSUMS = "checksums";
    static final String EXPECT_CONTINUE = "expect-continue";
    static final String RETRY_MODE = "retry-mode";
    static final String MAX_ATTEMPTS = "max-attempts";
    static final String MULTIPART_THRESHOLD = "multipart-threshold";
    static final String PART_SIZE = "part-size";
    static final String MAX_CONCURRENCY = "max-concurrency";
    static final String CONNECTION_TIMEOUT = "connection-timeout";
    static final String READ_TIMEOUT = "read-timeout";

    /** Their defaults are {@link S3StoreSettings#defaults()}' (S3StoreSettingsTest holds them equal). */
    private static final List<Setting> SETTINGS = List.of(
            Setting.optional(REGION, "signing region; unset: the SDK's region chain (AWS_REGION, the profile)"),
            Setting.optional(ENDPOINT, "an S3-compatible server, http(s)://host:port; unset: AWS"),
            Setting.of(PATH_STYLE_ACCESS, "false", "the bucket in the path, not the host name"),
            Setting.optional(ACCESS_KEY_ID, "static credentials with secret-access-key; unset: the SDK's default chain"),
            Setting.secret(SECRET_ACCESS_KEY, "the secret of access-key-id"),
            Setting.secret(SESSION_TOKEN, "the session token of temporary static credentials"),
            Setting.of(CHECKSUMS, "when-supported", "when-required for servers that refuse the SDK's CRC checksums"),
            Setting.of(EXPECT_CONTINUE, "true", "false for servers that mishandle Expect: 100-continue"),
            Setting.of(RETRY_MODE, "standard", "the SDK's retry strategy: standard or adaptive"),
            Setting.of(MAX_ATTEMPTS, "5", "attempts per request, the first included"),
            Setting.of(MULTIPART_THRESHOLD, "8388608", "bytes from which transfers go in parts"),
            Setting.of(PART_SIZE, "8388608", "bytes per part, at least 5 MiB"),
            Setting.of(MAX_CONCURRENCY, "64", "HTTP connections at once, and parts in flight"),
            Setting.of(CONNECTION_TIMEOUT, "PT10S", "to open a connection"),
            Setting.of(READ_TIMEOUT, "PT60S", "silence on a connection after which the attempt fails"));

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public S3StoreSettings configure(Settings settings) {
        try {
            return new S3StoreSettings(
                    settings.optional(REGION).orElse(null),
                    settings.url(ENDPOINT).orElse(null),
                    settings.bool(PATH_STYLE_ACCESS),
                    credentials(settings),
                    settings.choice(CHECKSUMS, Checksums.class),
                    settings.bool(EXPECT_CONTINUE),
                    settings.choice(RETRY_MODE, RetryMode.class),
                    settings.integer(MAX_ATTEMPTS, 1, 100),
                    settings.number(MULTIPART_THRESHOLD, 1, Long.MAX_VALUE),
                    settings.number(PART_SIZE, S3StoreSettings.MINIMUM_PART_SIZE, Long.MAX_VALUE),
                    settings.integer(MAX_CONCURRENCY, 1, 10_000),
                    positive(settings, CONNECTION_TIMEOUT),
                    positive(settings, READ_TIMEOUT));
        } catch (SettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SettingException(settings.prefix() + "*: " + e.getMessage(), e);
        }
    }

    private static Credentials credentials(Settings settings) {
        Optional<String> accessKeyId = settings.optional(ACCESS_KEY_ID);
        Optional<String> secretAccessKey = settings.optional(SECRET_ACCESS_KEY);
        Optional<String> sessionToken = settings.optional(SESSION_TOKEN);
        if (accessKeyId.isEmpty() && secretAccessKey.isEmpty()) {
            if (sessionToken.isPresent()) {
                throw new SettingException(settings.key(SESSION_TOKEN) + " is set without " + settings.key(ACCESS_KEY_ID) + " and "
                        + settings.key(SECRET_ACCESS_KEY));
            }
            return new DefaultChain();
        }
        if (accessKeyId.isEmpty() || secretAccessKey.isEmpty()) {
            throw new SettingException(settings.key(ACCESS_KEY_ID) + " and " + settings.key(SECRET_ACCESS_KEY)
                    + " are set together or not at all");
        }
        return new StaticCredentials(accessKeyId.get(), secretAccessKey.get(), sessionToken.orElse(null));
    }

    private static Duration positive(Settings settings, String name) {
        Duration duration = settings.duration(name);
        if (duration.isZero()) {
            throw settings.invalid(name, "must be positive");
        }
        return duration;
    }

    @Override
    public ObjectStore create(S3StoreSettings configuration, StoreContext context) {
        return new S3ObjectStore(configuration);
    }

    @Override
    public Map<String, String> engineConf(S3StoreSettings configuration, Location stagingRoot) {
        return S3aConf.of(configuration);
    }
}
