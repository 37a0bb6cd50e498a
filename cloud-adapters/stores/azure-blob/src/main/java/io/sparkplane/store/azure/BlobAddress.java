package io.sparkplane.store.azure;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code abfss://} or {@code wasbs://} location means to the Blob service: the storage
 * account, the container in it, and the blob's name (the location's key).
 *
 * <p>The authority is {@code container@account.dfs.core.windows.net} (the ADLS Gen2 form Spark
 * writes as {@code abfss}) or {@code container@account.blob.core.windows.net} (the {@code wasbs}
 * form); either host is accepted with either scheme, since both name the same account. Only these
 * public-cloud hosts are accepted: the host is never used as the endpoint itself, so a location
 * cannot steer requests and their credentials to another server; other clouds and emulators are
 * reached through {@link BlobStoreSettings#endpoint()}.
 */
public record BlobAddress(String account, String container, String blobName) {

    private static final Pattern AUTHORITY =
            Pattern.compile("(?<container>[^@/]+)@(?<account>[^.@/:]+)\\.(?:dfs|blob)\\.core\\.windows\\.net");
    /** Azure's rule for account names: 3 to 24 lower-case letters and digits. */
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    /** Azure's rule for container names (3 to 63 lower-case letters, digits and dashes), and its {@code $root}, {@code $logs}, {@code $web}. */
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]|\\$root|\\$logs|\\$web");

    public BlobAddress {
        requireNonNull(account, "account is null");
        requireNonNull(container, "container is null");
        requireNonNull(blobName, "blobName is null");
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("not a storage account name (3-24 lower-case letters and digits): " + account);
        }
        if (!CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("not a container name (3-63 lower-case letters, digits and dashes): " + container);
        }
    }

    /**
     * @throws ObjectStoreException (FAILED, naming the location) when the location is not an Azure
     *     Blob location of the form above
     */
    public static BlobAddress of(Location location) {
        requireNonNull(location, "location is null");
        if (!location.scheme().equals("abfss") && !location.scheme().equals("wasbs")) {
            throw invalid(location, "the Blob store serves abfss:// and wasbs:// locations only");
        }
        // DNS names are case-insensitive; account and container names are lower case in Azure
        Matcher matcher = AUTHORITY.matcher(location.authority().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw invalid(location, "expected " + location.scheme()
                    + "://<container>@<account>." + (location.scheme().equals("abfss") ? "dfs" : "blob")
                    + ".core.windows.net/<path>");
        }
        try {
            return new BlobAddress(matcher.group("account"), matcher.group("container"), location.key());
        } catch (IllegalArgumentException e) {
            throw invalid(location, e.getMessage());
        }
    }

    private static ObjectStoreException invalid(Location location, String why) {
        return new ObjectStoreException(ObjectStoreException.Kind.FAILED, location,
                "not an Azure Blob location: " + printable(location) + ": " + why);
    }

    /** The location's URI; {@link Location#uri()} cannot print some authorities it parses (a port, an underscore). */
    private static String printable(Location location) {
        try {
            return location.uri();
        } catch (IllegalStateException e) {
            return location.scheme() + "://" + location.authority() + "/" + location.key();
        }
    }
}
