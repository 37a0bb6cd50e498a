package io.sparkplane.listener;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the listener's classes are, for whoever puts them on a driver's classpath
 * ({@code spark.driver.extraClassPath}). References no Spark type, so it loads where Spark is absent.
 */
public final class ListenerJar {

    /** The class to name in {@code spark.extraListeners}. */
    public static final String LISTENER_CLASS = "io.sparkplane.listener.BacklogListener";

    private ListenerJar() {}

    /** The jar, or class directory when run from a build, that holds {@link #LISTENER_CLASS}. */
    public static Path location() {
        CodeSource source = ListenerJar.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("the code source of " + ListenerJar.class.getName() + " is unknown");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the code source of " + ListenerJar.class.getName() + " is not a path: " + source.getLocation(), e);
        }
    }
}
