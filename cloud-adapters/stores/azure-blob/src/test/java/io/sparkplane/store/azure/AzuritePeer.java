package io.sparkplane.store.azure;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.sparkplane.testkit.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Azurite's Blob service (Microsoft's Azure Storage emulator, installed in this module's
 * {@code node_modules} by {@code npm ci}) as a child process on a free 127.0.0.1 port, storing
 * under a temporary directory. {@link #close()} stops it and removes the directory; a shutdown
 * hook does the same if the test JVM ends first.
 */
public final class AzuritePeer implements AutoCloseable {

    /** Azurite's well-known development account and key (public, documented by Microsoft). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path directory;
    private final int port;
    private final Thread shutdownHook;

    private AzuritePeer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.shutdownHook = new Thread(this::stop, "azurite-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts Azurite and returns once it answers HTTP; fails with what to install when it cannot. */
    public static AzuritePeer start() throws IOException, InterruptedException {
        Path node = findNode();
        Path nodeModules = Path.of(System.getProperty("sparkplane.azure.nodeModules", "node_modules"));
        Path main = nodeModules.resolve("azurite/dist/src/blob/main.js");
        if (!Files.isRegularFile(main)) {
            throw new IllegalStateException("Azurite is not installed at " + main + ": run `npm ci` in cloud-adapters/stores/azure-blob");
        }
        IllegalStateException last = null;
        // the free port is found by closing a socket, so another process may take it first: try again on a new one
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path directory = Files.createTempDirectory("azurite-");
            int port = FreePorts.free();
            Path log = directory.resolve("azurite.log");
            Process process = new ProcessBuilder(List.of(node.toString(), main.toString(),
                    "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                    "--location", directory.resolve("data").toString(),
                    "--skipApiVersionCheck", "--disableTelemetry", "--silent"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            AzuritePeer peer = new AzuritePeer(process, directory, port);
            try {
                peer.awaitAnswer(log);
                return peer;
            } catch (IllegalStateException e) {
                peer.close();
                last = e;
            } catch (RuntimeException | InterruptedException e) {
                peer.close();
                throw e;
            }
        }
        throw last;
    }

    /** The endpoint template for {@link BlobStoreSettings}: Azurite serves each account under its own path. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + BlobStoreSettings.ACCOUNT_PLACEHOLDER;
    }

    /**
     * The endpoint template with the account in the host, as on Azure ({@code
     * http://{account}.blob.core.windows.net:<port>}): Azurite takes the account from a host name
     * that has a dot and is not an IP address. Its clients must resolve that name to 127.0.0.1
     * themselves (a JVM started with {@code -Djdk.net.hosts.file}).
     */
    public String hostStyleEndpoint() {
        return "http://" + BlobStoreSettings.ACCOUNT_PLACEHOLDER + ".blob.core.windows.net:" + port;
    }

    public int port() {
        return port;
    }

    /** The account's URL, as an Azurite connection string names it. */
    String accountUrl() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** Settings for the development account with its key, and retries short enough for tests. */
    public BlobStoreSettings settings() {
        return BlobStoreSettings.defaults()
                .withEndpoint(endpoint())
                .withCredentials(BlobCredentials.accountKey(ACCOUNT_KEY))
                .withRetry(new BlobRetrySettings(3, Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(2)));
    }

    /** An SDK client with the account key, for test setup and for checks the store does not offer. */
    BlobServiceClient serviceClient() {
        return new BlobServiceClientBuilder()
                .endpoint(accountUrl())
                .credential(new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY))
                .buildClient();
    }

    public void createContainer(String name) {
        serviceClient().getBlobContainerClient(name).createIfNotExists();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteRecursively(directory);
    }

    private void awaitAnswer(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(accountUrl() + "?comp=list")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + " before answering on port " + port
                        + ":\n" + readQuietly(log));
            }
            try {
                // any HTTP answer will do: an unsigned request gets 403, which proves the server is up
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Azurite did not answer on port " + port + " within " + STARTUP_TIMEOUT + ":\n" + readQuietly(log));
    }

    private static Path findNode() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, "node");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("`node` is not on the PATH (" + path + "); BlobObjectStoreIT runs Azurite, "
                + "Microsoft's Azure Storage emulator, with Node.js: install Node.js 20 or later, then run `npm ci` in cloud-adapters/stores/azure-blob");
    }


    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory does no harm to the next run
        }
    }
}
