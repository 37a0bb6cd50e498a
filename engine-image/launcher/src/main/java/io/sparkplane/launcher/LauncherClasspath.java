package io.sparkplane.launcher;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.listener.ListenerJar;
import io.sparkplane.spi.engine.LaunchSpec;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The launcher's classpath, found from where the running JVM loaded the launcher and its
 * dependencies (sparkplane-spi, the backlog listener's jar for its report type, jackson-databind,
 * -core, -annotations): jars in a packaged
 * Quarkus app's {@code lib/}, or {@code target/classes} directories in tests.
 */
public final class LauncherClasspath {

    private static final List<Class<?>> ANCHORS =
            List.of(Launcher.class, LaunchSpec.class, ListenerJar.class, ObjectMapper.class, JsonParser.class, JsonAutoDetect.class);

    private LauncherClasspath() {}

    /** @throws IllegalStateException when a class has no code source (loaded from the JDK, say) */
    public static List<Path> fromCodeSources() {
        Set<Path> entries = new LinkedHashSet<>();
        for (Class<?> anchor : ANCHORS) {
            entries.add(codeSource(anchor));
        }
        return new ArrayList<>(entries);
    }

    static Path codeSource(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from");
        }
        String text = location.toString();
        // "jar:file:/x/y.jar!/" as some class loaders report it
        if (text.startsWith("jar:")) {
            int separator = text.indexOf("!/");
            text = text.substring(4, separator < 0 ? text.length() : separator);
        }
        try {
            return Path.of(new java.net.URI(text)).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot turn the code source " + location + " of " + type.getName() + " into a path", e);
        }
    }
}
