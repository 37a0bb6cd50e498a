package io.sparkplane.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The settings the control plane reads, as its own files name them: the reference page
 * (docs/configuration.md), each backend module's page (the settings of a profile named after its
 * type, {@code sparkplane.backends.kubernetes.*}) and the built-in application.properties, whose
 * {@code ${SPARKPLANE_...:}} references are environment variables too. Read as text, so this
 * module depends on no other; a setting renamed there and not in the chart fails the chart's checks.
 */
final class ControlPlaneSettings {

    private static final Path REFERENCE = Path.of("../docs/configuration.md");
    private static final Path BUILT_IN = Path.of("../control-plane/src/main/resources/application.properties");
    private static final Path BACKENDS = Path.of("../cloud-adapters/backends");
    private static final String PROFILE = "sparkplane.backends.<profile>.";
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern REFERENCED_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");

    /** Read by Quarkus and by the JVM themselves, not by a Sparkplane setting. */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("QUARKUS_CONFIG_LOCATIONS", "JAVA_TOOL_OPTIONS");

    private ControlPlaneSettings() {}

    /**
     * Every environment variable name the control plane takes: those the reference names, the
     * environment form of each property it lists (upper case, every other character an underscore,
     * as SmallRye Config looks them up), those the built-in properties reference.
     */
    static Set<String> environmentNames() throws IOException {
        Set<String> names = new TreeSet<>(PLATFORM_VARIABLES);
        for (String[] row : referenceRows()) {
            if (row.length > 1) {
                codes(row[1]).stream().filter(code -> code.matches("[A-Z][A-Z0-9_]*")).forEach(names::add);
            }
        }
        for (String property : documentedProperties()) {
            if (property.contains(".") && !PLACEHOLDER.matcher(property).find()) {
                names.add(property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
            }
        }
        Matcher referenced = REFERENCED_VARIABLE.matcher(Files.readString(BUILT_IN));
        while (referenced.find()) {
            names.add(referenced.group(1));
        }
        return names;
    }

    /** Whether the reference lists the property; a {@code <label>} in a listed name stands for any one key, quoted or not. */
    static boolean isDocumentedProperty(String property) throws IOException {
        for (String code : documentedProperties()) {
            Matcher placeholder = PLACEHOLDER.matcher(code);
            StringBuilder pattern = new StringBuilder();
            int last = 0;
            while (placeholder.find()) {
                pattern.append(Pattern.quote(code.substring(last, placeholder.start()))).append("(\"[^\"]+\"|[^.\"]+)");
                last = placeholder.end();
            }
            pattern.append(Pattern.quote(code.substring(last)));
            if (property.matches(pattern.toString())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every property the pages list: the reference's, with each profile-wide one also spelt for
     * a profile named after each backend type, and each backend module's settings under that name.
     */
    private static List<String> documentedProperties() throws IOException {
        List<String> properties = new ArrayList<>();
        List<String> types;
        try (Stream<Path> modules = Files.list(BACKENDS)) {
            types = modules.filter(module -> Files.exists(module.resolve("README.md"))).map(module -> module.getFileName().toString()).toList();
        }
        for (String[] row : referenceRows()) {
            for (String code : codes(row[0])) {
                if (!code.contains(".") || code.startsWith(PROFILE + "<")) {
                    continue; // a type's own settings are its module's page's
                }
                properties.add(code);
                if (code.startsWith(PROFILE)) {
                    types.forEach(type -> properties.add("sparkplane.backends." + type + "." + code.substring(PROFILE.length())));
                }
            }
        }
        for (String type : types) {
            List<String> lines = Files.readAllLines(BACKENDS.resolve(type).resolve("README.md"));
            int section = lines.indexOf("## Settings");
            for (int i = section + 1; section >= 0 && i < lines.size() && !lines.get(i).startsWith("## "); i++) {
                if (lines.get(i).startsWith("| `")) {
                    codes(lines.get(i).substring(1).split("\\|")[0]).forEach(code -> properties.add("sparkplane.backends." + type + "." + code));
                }
            }
        }
        return properties;
    }

    /** The table rows of the reference, split into their cells. */
    private static List<String[]> referenceRows() throws IOException {
        return Files.readAllLines(REFERENCE).stream()
                .filter(line -> line.startsWith("| `"))
                .map(line -> line.substring(1).split("\\|"))
                .toList();
    }

    private static List<String> codes(String cell) {
        return CODE.matcher(cell).results().map(match -> match.group(1)).toList();
    }
}
