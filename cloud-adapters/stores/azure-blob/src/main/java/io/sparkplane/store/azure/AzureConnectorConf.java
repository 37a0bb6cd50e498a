package io.sparkplane.store.azure;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Spark conf that lets a job's own {@code abfss://} (ABFS) and {@code wasbs://} (WASB) paths use
 * the Azure credentials Sparkplane is configured with. Pure. Hadoop looks credentials up per storage
 * account, so they are written for each account jobs may use: those listed in
 * {@code sparkplane.store.azure.accounts}, the staging location's, and the one a connection string or
 * an endpoint without {@value BlobStoreSettings#ACCOUNT_PLACEHOLDER} names.
 *
 * <ul>
 *   <li>an account key (given, or in a connection string): ABFS's shared key for
 *       {@code <account>.dfs.core.windows.net}, and WASB's for the account's Blob host — the public
 *       one, or the configured endpoint's host and port when that endpoint names the account in its
 *       host (WASB addresses the account by host, so a path-style endpoint such as Azurite's
 *       {@code http://127.0.0.1:10000/devstoreaccount1} cannot serve it);
 *   <li>a SAS token: ABFS's fixed SAS for each account (WASB wants one SAS per container, so
 *       {@code wasbs://} gets none);
 *   <li>the default credential chain: nothing; Hadoop's own settings in the run's sparkConf apply.
 * </ul>
 */
public final class AzureConnectorConf {

    static final String PREFIX = "spark.hadoop.fs.azure.";
    private static final String DFS_SUFFIX = ".dfs.core.windows.net";
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|\\[[0-9a-fA-F:.]+\\]");

    private AzureConnectorConf() {}

    /**
     * @param accounts the storage accounts jobs may reach besides the one the settings name themselves;
     *     a connection string serves its own account only
     */
    public static Map<String, String> of(BlobStoreSettings settings, Collection<String> accounts) {
        Map<String, String> conf = new TreeMap<>();
        BlobCredentials credentials = settings.credentials();
        if (credentials instanceof BlobCredentials.AccountKey key) {
            for (String account : accounts(settings, accounts)) {
                putKey(conf, settings, Optional.empty(), account, key.key());
            }
        } else if (credentials instanceof BlobCredentials.SasToken sas) {
            for (String account : accounts(settings, accounts)) {
                putSas(conf, account, sas.token());
            }
        } else if (credentials instanceof BlobCredentials.ConnectionString connectionString) {
            Map<String, String> parts = parse(connectionString.value());
            String account = parts.get("accountname");
            if (account != null) {
                String lowerCase = account.toLowerCase(Locale.ROOT);
                if (parts.containsKey("accountkey")) {
                    putKey(conf, settings, Optional.ofNullable(parts.get("blobendpoint")), lowerCase, parts.get("accountkey"));
                } else if (parts.containsKey("sharedaccesssignature")) {
                    putSas(conf, lowerCase, parts.get("sharedaccesssignature"));
                }
            }
        }
        // the default chain: ABFS's OAuth providers are configured by the user's own spark.hadoop.fs.azure.* conf
        return conf;
    }

    /** The accounts to write credentials for: those given, and the one a fixed endpoint names. */
    static Set<String> accounts(BlobStoreSettings settings, Collection<String> accounts) {
        Set<String> all = new TreeSet<>();
        accounts.forEach(account -> all.add(account.toLowerCase(Locale.ROOT)));
        settings.endpoint()
                .filter(endpoint -> !endpoint.contains(BlobStoreSettings.ACCOUNT_PLACEHOLDER))
                .flatMap(AzureConnectorConf::accountInHost)
                .ifPresent(all::add);
        return all;
    }

    private static void putKey(Map<String, String> conf, BlobStoreSettings settings, Optional<String> blobEndpoint,
            String account, String key) {
        conf.put(PREFIX + "account.key." + account + DFS_SUFFIX, key);
        String endpoint = blobEndpoint.orElseGet(() -> settings.endpointFor(account));
        wasbHost(endpoint, account).ifPresent(host -> conf.put(PREFIX + "account.key." + host, key));
    }

    private static void putSas(Map<String, String> conf, String account, String token) {
        String sas = token.startsWith("?") ? token.substring(1) : token;
        conf.put(PREFIX + "account.auth.type." + account + DFS_SUFFIX, "SAS");
        conf.put(PREFIX + "sas.fixed.token." + account + DFS_SUFFIX, sas);
    }

    /**
     * The host (and port, when not the scheme's default) by which WASB addresses {@code account} at
     * {@code endpoint}: empty when the endpoint is path-style (an IP address, {@code localhost}, or a
     * path after the host), which WASB cannot address.
     */
    static Optional<String> wasbHost(String endpoint, String account) {
        URI uri = URI.create(endpoint);
        String host = uri.getHost();
        boolean pathStyle = host == null || IP_ADDRESS.matcher(host).matches() || host.equalsIgnoreCase("localhost")
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"));
        if (pathStyle || !host.toLowerCase(Locale.ROOT).startsWith(account + ".")) {
            return Optional.empty();
        }
        boolean defaultPort = uri.getPort() == -1
                || (uri.getPort() == 443 && "https".equals(uri.getScheme()))
                || (uri.getPort() == 80 && "http".equals(uri.getScheme()));
        return Optional.of(host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + uri.getPort()));
    }

    private static Optional<String> accountInHost(String endpoint) {
        URI uri = URI.create(endpoint);
        String host = uri.getHost();
        if (host == null || IP_ADDRESS.matcher(host).matches() || !host.contains(".")) {
            return Optional.empty();
        }
        return Optional.of(host.substring(0, host.indexOf('.')).toLowerCase(Locale.ROOT));
    }

    /** A connection string's {@code Name=value} parts by lower-case name; values may hold {@code =}. */
    private static Map<String, String> parse(String connectionString) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : connectionString.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals).trim().toLowerCase(Locale.ROOT), part.substring(equals + 1).trim());
            }
        }
        return parts;
    }
}
