package io.sparkplane.store.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * s3proxy 2.6.0 ({@code org.gaul:s3proxy} from Maven Central) serving the S3 protocol in this JVM on
 * 127.0.0.1, over a jclouds {@code filesystem} blobstore in a directory, with AWS signature v4
 * authentication. It needs {@code ignoreUnknownHeaders} (the SDK sends headers it does not know) and
 * clients with {@link S3StoreSettings.Checksums#WHEN_REQUIRED} checksums.
 */
public final class S3ProxyServer implements S3Peer {

    public static final String ACCESS_KEY_ID = "sparkplane-test-access-key";
    public static final String SECRET_ACCESS_KEY = "sparkplane-test-secret-key";

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final String accessKeyId;
    private final String secretAccessKey;

    private S3ProxyServer(BlobStoreContext context, S3Proxy proxy, String accessKeyId, String secretAccessKey) {
        this.context = context;
        this.proxy = proxy;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
    }

    public static S3ProxyServer start(Path directory) throws Exception {
        return start(directory, AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** A server that accepts only this key pair. */
    public static S3ProxyServer start(Path directory, String accessKeyId, String secretAccessKey) throws Exception {
        return start(directory, AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey);
    }

    /** Over the same directory with no authentication: plain HTTP requests, for measuring the peer itself. */
    static S3ProxyServer startUnauthenticated(Path directory) throws Exception {
        return start(directory, AuthenticationType.NONE, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    private static S3ProxyServer start(Path directory, AuthenticationType authentication, String accessKeyId, String secretAccessKey)
            throws Exception {
        requireNonNull(directory, "directory is null");
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .overrides(properties)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(authentication, accessKeyId, secretAccessKey)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!proxy.getState().equals("STARTED")) {
            if (Instant.now().isAfter(deadline)) {
                proxy.stop();
                context.close();
                throw new IllegalStateException("s3proxy did not start in 30 s; state " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3ProxyServer(context, proxy, accessKeyId, secretAccessKey);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    BlobStore blobStore() {
        return context.getBlobStore();
    }

    @Override
    public void createBucket(String name) {
        blobStore().createContainerInLocation(null, name);
    }

    /** Settings for a store that talks to this server: path-style, static credentials, checksums only when required. */
    @Override
    public S3StoreSettings settings() {
        return S3StoreSettings.defaults()
                .withRegion("us-east-1")
                .withEndpoint(endpoint(), true)
                .withCredentials(new S3StoreSettings.StaticCredentials(accessKeyId, secretAccessKey))
                .withChecksums(S3StoreSettings.Checksums.WHEN_REQUIRED);
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
