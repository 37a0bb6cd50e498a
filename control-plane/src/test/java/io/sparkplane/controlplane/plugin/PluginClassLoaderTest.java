package io.sparkplane.controlplane.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which service files a plug-in sees: its own, and the control plane's only for types it does not
 * carry itself (or shares, the SPI's). The control plane carries gRPC since it traces; a plug-in
 * with its own gRPC must not be handed the control plane's channel providers.
 */
class PluginClassLoaderTest {

    @TempDir
    Path directory;

    @Test
    void aServiceTypeThePluginCarriesItselfListsOnlyItsOwnProviders() throws Exception {
        Path controlPlane = Files.createDirectories(directory.resolve("control-plane"));
        service(controlPlane, "io.grpc.ManagedChannelProvider", "io.grpc.netty.NettyChannelProvider");
        service(controlPlane, "java.nio.file.spi.FileSystemProvider", "com.example.ControlPlaneFileSystems");
        service(controlPlane, "io.sparkplane.spi.storage.ObjectStoreFactory", "com.example.ControlPlaneStores");
        Path plugin = Files.createDirectories(directory.resolve("plugin"));
        Files.createDirectories(plugin.resolve("io/grpc"));
        Files.write(plugin.resolve("io/grpc/ManagedChannelProvider.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
        service(plugin, "io.grpc.ManagedChannelProvider", "io.grpc.netty.shaded.io.grpc.netty.NettyChannelProvider");
        service(plugin, "io.sparkplane.spi.storage.ObjectStoreFactory", "com.example.PluginStores");

        try (URLClassLoader parent = new URLClassLoader(new URL[] {controlPlane.toUri().toURL()}, null);
                PluginClassLoader loader = new PluginClassLoader("test", List.of(plugin), parent)) {
            assertThat(providers(loader, "io.grpc.ManagedChannelProvider"))
                    .containsExactly("io.grpc.netty.shaded.io.grpc.netty.NettyChannelProvider");
            // a type it does not carry: the control plane's providers are of the type it loads from there
            assertThat(providers(loader, "java.nio.file.spi.FileSystemProvider")).contains("com.example.ControlPlaneFileSystems");
            // the SPI's, shared: its own first, then the control plane's
            assertThat(providers(loader, "io.sparkplane.spi.storage.ObjectStoreFactory"))
                    .containsExactly("com.example.PluginStores", "com.example.ControlPlaneStores");
        }
    }

    private static void service(Path root, String type, String provider) throws IOException {
        Path file = root.resolve("META-INF/services/" + type);
        Files.createDirectories(file.getParent());
        Files.writeString(file, provider + "\n");
    }

    private static List<String> providers(ClassLoader loader, String type) throws IOException {
        List<String> names = new ArrayList<>();
        for (URL url : Collections.list(loader.getResources("META-INF/services/" + type))) {
            try (InputStream in = url.openStream()) {
                names.add(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        }
        return names;
    }
}
