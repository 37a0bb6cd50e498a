package io.sparkplane.testkit.azure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An abfss:// (ADLS Gen2, as Hadoop's ABFS connector names it) or wasbs:// (Blob, as the WASB
 * connector names it) URI, split into what the Blob API needs: both reach the same blob, since
 * Azurite and a hierarchical-namespace account serve a file system's files as blobs too.
 *
 * @param account the storage account: the host's first label ({@code account.dfs.core.windows.net})
 * @param container the container (ABFS: the file system)
 * @param blob the blob name: the path after the host, without its leading '/'; empty for the
 *     container itself (an event log directory may be one)
 */
record BlobUri(String account, String container, String blob) {

    private static final Pattern URI = Pattern.compile("(?:abfss?|wasbs?)://([^@/]+)@([^./]+)\\.[^/]+(?:/(.*))?");

    static boolean isBlob(String uri) {
        return URI.matcher(uri).matches();
    }

    static BlobUri parse(String uri) {
        Matcher matcher = URI.matcher(uri);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an abfss://container@account.dfs.core.windows.net/path"
                    + " or wasbs://container@account.blob.core.windows.net/path URI: " + uri);
        }
        return new BlobUri(matcher.group(2), matcher.group(1), matcher.group(3) == null ? "" : matcher.group(3));
    }
}
