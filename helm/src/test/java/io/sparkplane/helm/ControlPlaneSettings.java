package io.sparkplane.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings the control plane reads, as its own files name them: the reference page
 * (docs/configuration.md) and the built-in application.properties, whose {@code ${SPARKPLANE_...:}}
 * references are environment variables too. Read as text, so this module depends on no other;
 * a setting renamed there and not in the chart fails the chart's checks.
 */
final class ControlPlaneSettings {

    private static final Path REFERENCE = Path.of("../docs/configuration.md");
    private static final Path BUILT_IN = Path.of("../control-plane/src/main/resources/application.properties");
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
            for (String code : codes(row[0])) {
                if (code.contains(".") && !PLACEHOLDER.matcher(code).find()) {
                    names.add(code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
                }
            }
            if (row.length > 1) {
                codes(row[1]).stream().filter(code -> code.matches("[A-Z][A-Z0-9_]*")).forEach(names::add);
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
        for (String[] row : referenceRows()) {
            for (String code : codes(row[0])) {
                if (!code.contains(".")) {
                    continue;
                }
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
        }
        return false;
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
