package io.sparkplane.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code sparkplane.*} setting is in docs/configuration.md, and the page names no setting that
 * does not exist. A map setting ({@code sparkplane.store}) is documented by its entries
 * ({@code sparkplane.store.s3.endpoint}), each checked by the store's own settings parser.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Path.of("../docs/configuration.md");

    @Test
    void everySettingIsDocumentedAndNothingElse() throws IOException {
        List<String> properties = new ArrayList<>();
        collect("sparkplane", SparkplaneConfig.class, properties);
        String page = Files.readString(REFERENCE);

        assertThat(properties).isNotEmpty();
        List<String> maps = new ArrayList<>();
        collectMaps("sparkplane", SparkplaneConfig.class, maps);
        for (String property : properties) {
            if (maps.contains(property)) {
                assertThat(page).as("docs/configuration.md documents entries of " + property).contains("`" + property + ".");
            } else {
                assertThat(page).as("docs/configuration.md documents " + property).contains("`" + property + "`");
            }
        }
        var documented = java.util.regex.Pattern.compile("`(sparkplane\\.[a-z0-9.-]+)`").matcher(page);
        while (documented.find()) {
            String name = documented.group(1);
            boolean mapEntry = maps.stream().anyMatch(map -> name.startsWith(map + "."));
            assertThat(mapEntry || properties.contains(name)).as("docs/configuration.md names " + name).isTrue();
        }
    }

    private static void collect(String prefix, Class<?> type, List<String> properties) {
        for (Method method : type.getDeclaredMethods()) {
            String name = prefix + "." + propertyName(method);
            if (method.getReturnType().isInterface() && method.getReturnType().getEnclosingClass() != null
                    && method.getReturnType().getName().startsWith(SparkplaneConfig.class.getName())) {
                collect(name, method.getReturnType(), properties);
            } else {
                properties.add(name);
            }
        }
    }

    private static void collectMaps(String prefix, Class<?> type, List<String> maps) {
        for (Method method : type.getDeclaredMethods()) {
            String name = prefix + "." + propertyName(method);
            if (java.util.Map.class.isAssignableFrom(method.getReturnType())) {
                maps.add(name);
            } else if (method.getReturnType().isInterface() && method.getReturnType().getName().startsWith(SparkplaneConfig.class.getName())) {
                collectMaps(name, method.getReturnType(), maps);
            }
        }
    }

    /** The property's last segment: its {@code @WithName}, else the method's name in kebab case, as SmallRye names it. */
    private static String propertyName(Method method) {
        io.smallrye.config.WithName named = method.getAnnotation(io.smallrye.config.WithName.class);
        return named != null ? named.value() : kebab(method.getName());
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
