package io.sparkplane.tests;

import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.store.azure.AzuritePeer;
import io.sparkplane.store.azure.BlobObjectStore;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@link StagingEndToEndContract} in Azure Blob: Azurite (Microsoft's emulator, from npm), staging
 * named by {@code abfss://} and the data by {@code wasbs://}, both served by its Blob endpoint.
 *
 * <p>The control plane reaches Azurite as it reaches Azure, by the account's host name ({@code
 * devstoreaccount1.blob.core.windows.net}, on Azurite's port), because that is the only way
 * Hadoop's WASB connector addresses an account: jobs read and write {@code wasb://} (WASB over
 * HTTP, as Azurite serves no TLS here) with the account key the control plane injects. The name
 * resolves to 127.0.0.1 through a hosts file handed to the control plane's JVM ({@code
 * JAVA_TOOL_OPTIONS=-Djdk.net.hosts.file=...}) and to the job's driver and executors (their
 * {@code extraJavaOptions}); the test's own store client uses
 * Azurite's path-style address. ABFS ({@code abfss://} in jobs) needs a DFS endpoint, which Azurite
 * does not have, so jobs' ABFS access runs against no peer here.
 */
class BlobStagingEndToEndIT extends StagingEndToEndContract {

    private AzuritePeer azurite;
    private BlobObjectStore store;
    private Path hostsFile;

    @Override
    void startPeer(Path directory) throws Exception {
        azurite = AzuritePeer.start();
        azurite.createContainer("staging");
        azurite.createContainer("data");
        store = new BlobObjectStore(azurite.settings());
        // every name the control plane and Spark look up: a JVM with a hosts file asks nothing else
        hostsFile = Files.writeString(directory.resolve("hosts"), "127.0.0.1 localhost " + InetAddress.getLocalHost().getHostName()
                + " " + AzuritePeer.ACCOUNT + ".blob.core.windows.net\n::1 localhost\n");
    }

    @Override
    void configure(ControlPlaneProcess controlPlane) {
        controlPlane.withEnvironment("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hostsFile);
    }

    /** Engines get a clean environment, not the control plane's: their JVMs are handed the hosts file here. */
    @Override
    Map<String, String> jobSparkConf() {
        String hosts = "-Djdk.net.hosts.file=" + hostsFile;
        return Map.of("spark.driver.extraJavaOptions", hosts, "spark.executor.extraJavaOptions", hosts);
    }

    @Override
    void stopPeer() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    String stagingUri() {
        return "abfss://staging@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/sparkplane/";
    }

    @Override
    String dataUri(String key) {
        return "wasbs://data@" + AzuritePeer.ACCOUNT + ".blob.core.windows.net/" + key;
    }

    @Override
    String missingContainerUri() {
        return "wasbs://no-such-container@" + AzuritePeer.ACCOUNT + ".blob.core.windows.net/sales.csv";
    }

    @Override
    Map<String, String> storeProperties() {
        // the staging location's account gets the key for jobs without being listed
        return Map.of(
                "sparkplane.store.azure.endpoint", azurite.hostStyleEndpoint(),
                "sparkplane.store.azure.account-key", AzuritePeer.ACCOUNT_KEY);
    }

    @Override
    String jobUri(String key) {
        return "wasb://data@" + AzuritePeer.ACCOUNT + ".blob.core.windows.net:" + azurite.port() + "/" + key;
    }

    @Override
    List<String> secrets() {
        return List.of(AzuritePeer.ACCOUNT_KEY);
    }
}
