package io.sparkplane.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI runs in: its environment, its standard streams and where the user's files are. The
 * {@code main} method takes them from the process; tests hand in their own.
 *
 * @param home       the user's home directory ({@code $HOME}), holding {@code .sparkplane/}
 * @param workingDirectory against which relative paths on the command line resolve
 */
public record CliContext(Map<String, String> environment, InputStream in, PrintStream out, PrintStream err, Path home,
        Path workingDirectory, String version, ObjectMapper mapper) {

    public static CliContext system() {
        Map<String, String> environment = System.getenv();
        Path home = Path.of(Optional.ofNullable(environment.get("HOME")).filter(value -> !value.isBlank()).orElse(System.getProperty("user.home")));
        return new CliContext(environment, System.in, System.out, System.err, home, Path.of("").toAbsolutePath(), Version.cli(), new ObjectMapper());
    }

    /** The profiles file: {@code $SPARKPLANE_CONFIG}, else {@code ~/.sparkplane/config}. */
    public Path configPath() {
        return Optional.ofNullable(environment.get("SPARKPLANE_CONFIG")).filter(value -> !value.isBlank()).map(Path::of)
                .orElse(home.resolve(".sparkplane").resolve("config"));
    }

    /** Whether the CLI should show stack traces of its own failures ({@code SPARKPLANE_DEBUG=1}). */
    public boolean debug() {
        return "1".equals(environment.get("SPARKPLANE_DEBUG")) || "true".equalsIgnoreCase(environment.get("SPARKPLANE_DEBUG"));
    }
}
