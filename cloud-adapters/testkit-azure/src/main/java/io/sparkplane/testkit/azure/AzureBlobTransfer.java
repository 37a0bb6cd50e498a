package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.sparkplane.testkit.localspark.ObjectTransfer;
import java.io.IOException;
import java.time.Duration;

/**
 * The local runs' {@link ObjectTransfer} for abfss:// and wasbs:// URIs: the Blob API of one storage
 * account (Azurite's devstoreaccount1 in tests) with its shared key. Both URI kinds name the same
 * blob ({@code abfss://container@account.dfs.core.windows.net/path} and {@code
 * wasbs://container@account.blob.core.windows.net/path} are both container/path of the account),
 * which the Blob API reaches at the endpoint template with the account put in.
 */
public final class AzureBlobTransfer implements ObjectTransfer {

    /** The endpoint template's placeholder for the account, as the Azure Blob store's settings name it. */
    public static final String ACCOUNT_PLACEHOLDER = "{account}";

    private final BlobServiceClient service;
    private final String account;

    /**
     * @param endpointTemplate the Blob endpoint with {@value #ACCOUNT_PLACEHOLDER} for the account:
     *     Azurite's {@code http://127.0.0.1:<port>/{account}}
     * @param credential the account's name and shared key; URIs naming another account fail
     */
    public AzureBlobTransfer(String endpointTemplate, StorageSharedKeyCredential credential) {
        requireNonNull(endpointTemplate, "endpointTemplate is null");
        requireNonNull(credential, "credential is null");
        if (!endpointTemplate.contains(ACCOUNT_PLACEHOLDER)) {
            throw new IllegalArgumentException("the endpoint template names no " + ACCOUNT_PLACEHOLDER + ": " + endpointTemplate);
        }
        this.account = credential.getAccountName();
        this.service = new BlobServiceClientBuilder()
                .endpoint(endpointTemplate.replace(ACCOUNT_PLACEHOLDER, account))
                .credential(credential)
                // a few quick tries: a loopback peer either answers or is gone
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 3, Duration.ofSeconds(60), Duration.ofMillis(200),
                        Duration.ofMillis(200), null))
                .buildClient();
    }

    @Override
    public boolean handles(String uri) {
        return BlobUri.isBlob(uri);
    }

    @Override
    public byte[] download(String uri) throws IOException {
        try {
            return blob(uri).downloadContent().toBytes();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                throw new IOException("no such object: " + uri, e);
            }
            throw new IOException("cannot read " + uri + ": HTTP " + e.getStatusCode() + " " + e.getErrorCode(), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void upload(String uri, byte[] data) throws IOException {
        try {
            blob(uri).upload(BinaryData.fromBytes(data), true);
        } catch (BlobStorageException e) {
            throw new IOException("cannot write " + uri + ": HTTP " + e.getStatusCode() + " " + e.getErrorCode(), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot write " + uri + ": " + e.getMessage(), e);
        }
    }

    private BlobClient blob(String uri) throws IOException {
        BlobUri parsed = BlobUri.parse(uri);
        if (parsed.blob().isEmpty()) {
            throw new IOException("not an object but a container: " + uri);
        }
        if (!parsed.account().equals(account)) {
            throw new IOException("cannot reach " + uri + ": the transfer holds the key of account " + account
                    + ", not of " + parsed.account());
        }
        return service.getBlobContainerClient(parsed.container()).getBlobClient(parsed.blob());
    }
}
