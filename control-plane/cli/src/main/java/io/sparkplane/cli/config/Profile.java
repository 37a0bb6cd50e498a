package io.sparkplane.cli.config;

import java.util.Optional;

/** One named profile of the configuration file: where the control plane is, the token for it, a default workspace. */
public record Profile(Optional<String> host, Optional<String> token, Optional<String> workspace) {

    public static final Profile EMPTY = new Profile(Optional.empty(), Optional.empty(), Optional.empty());
}
