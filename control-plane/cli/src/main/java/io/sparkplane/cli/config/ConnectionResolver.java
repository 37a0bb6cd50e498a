package io.sparkplane.cli.config;

import io.sparkplane.cli.CliException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides the {@link Connection}, flags over environment over the profile over defaults:
 * <ul>
 *   <li>profile: {@code --profile}, else {@code SPARKPLANE_PROFILE}, else {@code default};</li>
 *   <li>host: {@code --host}, else {@code SPARKPLANE_HOST}, else the profile's, else {@code http://localhost:8080};</li>
 *   <li>token: {@code SPARKPLANE_TOKEN}, else the profile's when the host is the profile's own (a profile's
 *       token is never sent to another host), else, for a control plane on this machine (a loopback
 *       host), the bootstrap admin token in {@code $SPARKPLANE_HOME/admin-token} ({@code ~/.sparkplane});</li>
 *   <li>workspace: {@code --workspace}, else {@code SPARKPLANE_WORKSPACE}, else the profile's.</li>
 * </ul>
 * Pure: the environment, the file and the token file's reader are parameters.
 */
public final class ConnectionResolver {

    public static final String DEFAULT_HOST = "http://localhost:8080";
    public static final String DEFAULT_PROFILE = "default";

    /** What the command line said. */
    public record Flags(Optional<String> host, Optional<String> profile, Optional<String> workspace) {
        public static final Flags NONE = new Flags(Optional.empty(), Optional.empty(), Optional.empty());
    }

    private ConnectionResolver() {}

    /**
     * @param environment the process environment
     * @param home        the user's home directory
     * @param configPath  where the profiles are, for messages
     * @param readFile    reads a file's text, empty when it cannot be read
     */
    public static Connection resolve(Flags flags, Map<String, String> environment, ConfigFile config, Path home, Path configPath,
            Function<Path, Optional<String>> readFile) {
        Optional<String> namedProfile = flags.profile().or(() -> variable(environment, "SPARKPLANE_PROFILE"));
        String profileName = namedProfile.orElse(DEFAULT_PROFILE);
        Optional<Profile> found = config.profile(profileName);
        if (namedProfile.isPresent() && found.isEmpty()) {
            throw CliException.usage("no profile '" + profileName + "' in " + configPath
                    + (config.profiles().isEmpty() ? " (create one with: sparkplane login --profile " + profileName + " --host URL)"
                            : "; its profiles: " + String.join(", ", config.profiles().keySet())));
        }
        Profile profile = found.orElse(Profile.EMPTY);
        Optional<URI> profileHost = profile.host().map(value -> host(value, "the host of profile '" + profileName + "' in " + configPath));
        URI host = flags.host().map(value -> host(value, "--host"))
                .or(() -> variable(environment, "SPARKPLANE_HOST").map(value -> host(value, "SPARKPLANE_HOST")))
                .or(() -> profileHost)
                .orElse(URI.create(DEFAULT_HOST));

        Optional<String> token = variable(environment, "SPARKPLANE_TOKEN");
        String tokenSource = "SPARKPLANE_TOKEN";
        // a profile without a host is a profile of the default host: its token goes nowhere else either
        if (token.isEmpty() && profile.token().isPresent() && profileHost.orElse(URI.create(DEFAULT_HOST)).equals(host)) {
            token = profile.token();
            tokenSource = "profile '" + profileName + "' in " + configPath;
        }
        if (token.isEmpty() && isLoopback(host)) {
            Path controlPlaneHome = variable(environment, "SPARKPLANE_HOME").map(Path::of).orElse(home.resolve(".sparkplane"));
            Path bootstrap = controlPlaneHome.resolve("admin-token");
            token = readFile.apply(bootstrap).map(String::strip).filter(value -> !value.isEmpty());
            tokenSource = "the bootstrap admin token in " + bootstrap;
        }
        if (token.isEmpty()) {
            tokenSource = "nowhere (no SPARKPLANE_TOKEN, no token in profile '" + profileName + "' for " + host + ")";
        }
        if (token.isPresent() && !wellFormed(token.get())) {
            // said without the value: a secret must not reach a CI log, even a mangled one
            throw CliException.usage("the token from " + tokenSource + " holds spaces or control characters; it cannot be sent");
        }
        Optional<String> workspace = flags.workspace().or(() -> variable(environment, "SPARKPLANE_WORKSPACE")).or(profile::workspace);
        return new Connection(host, token, tokenSource, workspace, profileName);
    }

    /** Whether a token can go in an Authorization header: printable ASCII without spaces. */
    static boolean wellFormed(String token) {
        return token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** A control plane URL: {@code http(s)://host[:port][/path]}; a bare {@code host:port} means http. */
    public static URI host(String value, String source) {
        String text = value.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            URI uri = new URI(text);
            if (!Set.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new URISyntaxException(text, "not an http or https URL of a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.usage(source + ": '" + value + "' is not a control plane URL such as http://localhost:8080 or https://sparkplane.example.com");
        }
    }

    /** Whether the host is this machine, whose bootstrap admin token may be used. */
    static boolean isLoopback(URI host) {
        String name = host.getHost();
        if (name.equals("localhost")) {
            return true;
        }
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false; // a name other than localhost is not looked up: a token must not follow a DNS answer
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
