package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged control plane carries every backend and store module of the repository as a plug-in
 * ({@code quarkus-app/plugins/<module>/}, the module's jar and its own libraries), and no plug-in's
 * classes in its own {@code lib/}. A module the antrun plug-in of control-plane/pom.xml does not
 * name as a dependency would be missing here whenever Maven builds modules in parallel, as
 * {@code ./sparkplane test} does.
 */
class PackagedPluginsTest {

    private static final Path APP = ControlPlaneProcess.ROOT.resolve("control-plane/target/quarkus-app");

    @Test
    void everyBackendAndStoreModuleIsAPluginOfThePackagedControlPlane() throws IOException {
        List<Path> modules = modules("backends");
        modules = Stream.concat(modules.stream(), modules("stores").stream()).toList();

        assertThat(modules).hasSizeGreaterThanOrEqualTo(6);
        for (Path module : modules) {
            Path plugin = APP.resolve("plugins").resolve(module.getFileName());
            assertThat(plugin).as("the plug-in of " + module).isDirectory();
            try (Stream<Path> jars = Files.list(plugin)) {
                assertThat(jars.map(jar -> jar.getFileName().toString()))
                        .as("the jars of " + plugin)
                        .anyMatch(jar -> jar.startsWith("sparkplane-backend-") || jar.startsWith("sparkplane-store-"))
                        .noneMatch(jar -> jar.startsWith("sparkplane-spi-"));
            }
        }
        try (Stream<Path> lib = Files.list(APP.resolve("lib/main"))) {
            assertThat(lib.map(jar -> jar.getFileName().toString()))
                    .noneMatch(jar -> jar.contains("sparkplane-backend-") || jar.contains("sparkplane-store-"))
                    .noneMatch(jar -> jar.startsWith("software.amazon.awssdk") || jar.startsWith("io.fabric8.kubernetes-client"));
        }
    }

    private static List<Path> modules(String kind) throws IOException {
        try (Stream<Path> entries = Files.list(ControlPlaneProcess.ROOT.resolve("cloud-adapters").resolve(kind))) {
            return entries.filter(module -> Files.exists(module.resolve("pom.xml"))).sorted().toList();
        }
    }
}
