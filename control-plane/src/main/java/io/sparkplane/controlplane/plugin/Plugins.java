package io.sparkplane.controlplane.plugin;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The engine backend and object store factories this control plane has: those a {@link
 * ServiceLoader} finds on its own class path (in tests, a plug-in added as a dependency), and those
 * of each plug-in directory, a directory of jars under its plug-ins directory, each loaded in a
 * {@link PluginClassLoader} of its own. The control plane names no backend or store class; it loops
 * over these.
 */
@Singleton
public class Plugins {

    private static final Logger LOG = Logger.getLogger(Plugins.class);

    private final Map<String, EngineBackendFactory<?>> backends = new TreeMap<>();
    private final List<ObjectStoreFactory<?>> stores = new ArrayList<>();
    private final Map<String, String> schemes = new TreeMap<>();

    @Inject
    Plugins(SparkplaneConfig config) {
        this(Plugins.class.getClassLoader(), configured(config.pluginDirectory()).or(Plugins::installedDirectory));
    }

    /** A directory the operator named must be there: else every type it holds would be reported missing, not it. */
    static Optional<Path> configured(Optional<Path> directory) {
        directory.filter(path -> !Files.isDirectory(path)).ifPresent(path -> {
            throw new SettingException("sparkplane.plugin-directory is " + path + ", which is not a directory");
        });
        return directory;
    }

    /** The factories of {@code classPath}'s own class path. */
    public Plugins(ClassLoader classPath) {
        this(classPath, Optional.empty());
    }

    /**
     * @param classPath where the SPI is, and factories on the class path are
     * @param directory the plug-ins directory: each directory in it that holds jars is one plug-in
     * @throws IllegalStateException for two factories of one backend type, store name or URI scheme
     */
    public Plugins(ClassLoader classPath, Optional<Path> directory) {
        add("the class path", classPath, false);
        directory.filter(Files::isDirectory).ifPresent(plugins -> {
            for (Path plugin : pluginDirectories(plugins)) {
                add(plugin.toString(), new PluginClassLoader(plugin.getFileName().toString(), jars(plugin), classPath), true);
            }
        });
        stores.sort(Comparator.comparing(ObjectStoreFactory::name));
        LOG.infof("engine backend types: %s; object stores: %s (URI schemes %s)%s", backends.keySet(),
                stores.stream().map(ObjectStoreFactory::name).toList(), schemes.keySet(),
                directory.map(plugins -> "; plug-ins from " + plugins).orElse(""));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void add(String source, ClassLoader loader, boolean isolated) {
        for (EngineBackendFactory factory : ServiceLoader.load(EngineBackendFactory.class, loader)) {
            if (isolated && factory.getClass().getClassLoader() != loader) {
                continue; // the control plane's own, seen through the plug-in's parent
            }
            EngineBackendFactory<?> found = isolated ? PluginCalls.wrap(EngineBackendFactory.class, factory, loader) : factory;
            EngineBackendFactory<?> earlier = backends.putIfAbsent(found.type(), found);
            if (earlier != null) {
                throw new IllegalStateException("two engine backend factories have the type " + found.type() + " (the second from " + source + ")");
            }
        }
        for (ObjectStoreFactory factory : ServiceLoader.load(ObjectStoreFactory.class, loader)) {
            if (isolated && factory.getClass().getClassLoader() != loader) {
                continue;
            }
            ObjectStoreFactory<?> found = isolated ? PluginCalls.wrap(ObjectStoreFactory.class, factory, loader) : factory;
            if (stores.stream().anyMatch(other -> other.name().equals(found.name()))) {
                throw new IllegalStateException("two object store factories have the name " + found.name() + " (the second from " + source + ")");
            }
            for (String scheme : found.schemes()) {
                String earlier = schemes.putIfAbsent(scheme, found.name());
                if (earlier != null) {
                    throw new IllegalStateException("the stores " + earlier + " and " + found.name() + " both serve " + scheme + "://");
                }
            }
            stores.add(found);
        }
    }

    /** Every directory under {@code plugins} that holds a jar, in name order. */
    private static List<Path> pluginDirectories(Path plugins) {
        try (Stream<Path> entries = Files.list(plugins)) {
            return entries.filter(Files::isDirectory).filter(directory -> !jars(directory).isEmpty()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plug-ins directory " + plugins, e);
        }
    }

    private static List<Path> jars(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plug-in directory " + directory, e);
        }
    }

    /**
     * The {@code plugins} directory of this installation: beside {@code app/} in a packaged control
     * plane ({@code quarkus-app/plugins}); none when run from classes (tests).
     */
    static Optional<Path> installedDirectory() {
        CodeSource source = Plugins.class.getProtectionDomain().getCodeSource();
        try {
            Path location = source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
            if (location == null || !location.toString().endsWith(".jar") || location.getParent() == null
                    || location.getParent().getParent() == null) {
                return Optional.empty();
            }
            return Optional.of(location.getParent().getParent().resolve("plugins"));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The factory of a backend type. */
    public Optional<EngineBackendFactory<?>> backend(String type) {
        return Optional.ofNullable(backends.get(type));
    }

    /** Every backend type, sorted. */
    public List<String> backendTypes() {
        return List.copyOf(backends.keySet());
    }

    /** What the store of the location's scheme finds wrong with it, if any (no store for the scheme: nothing). */
    public Optional<String> checkLocation(Location location) {
        return stores.stream().filter(factory -> factory.schemes().contains(location.scheme())).findFirst()
                .flatMap(factory -> factory.checkLocation(location));
    }

    /** Every store factory, by name. */
    public List<ObjectStoreFactory<?>> stores() {
        return List.copyOf(stores);
    }
}
