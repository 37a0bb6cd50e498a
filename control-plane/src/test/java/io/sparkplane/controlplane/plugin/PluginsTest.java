package io.sparkplane.controlplane.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import io.sparkplane.spi.storage.StoreContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plug-ins loaded from a plug-ins directory, as the packaged control plane loads them: the file
 * store's own {@code target/plugin} (built before this module) as the plug-in.
 */
class PluginsTest {

    private static final Path FILE_STORE_PLUGIN = Path.of("../cloud-adapters/stores/file/target/plugin");

    @TempDir
    Path directory;

    /** The test class path, but without its own plug-ins' service files: only the directory's count. */
    private static final ClassLoader WITHOUT_SERVICES = new ClassLoader(PluginsTest.class.getClassLoader()) {
        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/io.sparkplane.spi.") ? Collections.emptyEnumeration() : super.getResources(name);
        }
    };

    @Test
    void aPluginDirectorysFactoriesWorkAndRunInTheirOwnClassLoader() throws Exception {
        Path plugins = Files.createDirectories(directory.resolve("plugins"));
        Path file = Files.createDirectories(plugins.resolve("file"));
        try (var jars = Files.list(FILE_STORE_PLUGIN)) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, file.resolve(jar.getFileName()));
            }
        }
        Files.createDirectories(plugins.resolve("empty"));

        Plugins found = new Plugins(WITHOUT_SERVICES, Optional.of(plugins));

        assertThat(found.stores()).extracting(ObjectStoreFactory::name).containsExactly("file");
        assertThat(found.backendTypes()).isEmpty();
        ObjectStoreFactory<?> factory = found.stores().get(0);
        assertThat(Proxy.isProxyClass(factory.getClass())).isTrue();
        assertThat(Proxy.getInvocationHandler(factory).toString()).contains("plug-in file");
        Path root = Files.createDirectories(directory.resolve("root"));
        try (ObjectStore store = create(factory, new StoreContext(List.of(root)))) {
            Location location = Location.parse(root.toUri().toString()).resolve("a/b.txt");
            store.put(location, new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), 5);
            try (InputStream in = store.open(location)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
            }
        }
    }

    private static <C> ObjectStore create(ObjectStoreFactory<C> factory, StoreContext context) {
        return factory.create(factory.configure(Settings.of("sparkplane.store.file.", Map.of(),
                factory.settings())), context);
    }

    @Test
    void noDirectoryIsNoPlugins() {
        assertThat(new Plugins(WITHOUT_SERVICES, Optional.of(directory.resolve("missing"))).stores()).isEmpty();
    }

    @Test
    void aPluginDirectoryTheOperatorNamedMustExist() {
        assertThat(Plugins.configured(Optional.of(directory))).contains(directory);
        assertThat(Plugins.configured(Optional.empty())).isEmpty();
        assertThatThrownBy(() -> Plugins.configured(Optional.of(directory.resolve("missing"))))
                .isInstanceOf(SettingException.class)
                .hasMessage("sparkplane.plugin-directory is " + directory.resolve("missing") + ", which is not a directory");
    }

    @Test
    void aPluginKeepsItsOwnLibrariesAndSharesTheSpiAndLogging() throws Exception {
        Path jackson = Path.of(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (PluginClassLoader loader = new PluginClassLoader("test", List.of(jackson), PluginsTest.class.getClassLoader())) {
            assertThat(loader.loadClass(ObjectMapper.class.getName())).isNotSameAs(ObjectMapper.class)
                    .satisfies(own -> assertThat(own.getClassLoader()).isSameAs(loader));
            assertThat(loader.loadClass(ObjectStore.class.getName())).isSameAs(ObjectStore.class);
            assertThat(loader.loadClass("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
            assertThat(loader.loadClass(String.class.getName())).isSameAs(String.class);
            // what the plug-in does not carry comes from the control plane
            assertThat(loader.loadClass(PluginsTest.class.getName())).isSameAs(PluginsTest.class);
            assertThat(Collections.list(loader.getResources("META-INF/MANIFEST.MF")).get(0).toString()).contains(jackson.getFileName().toString());
        }
    }
}
