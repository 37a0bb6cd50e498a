package io.sparkplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's docs page lists every setting its factory declares, each in a table row of its own
 * with its default, and no setting it does not declare: the page is the module's configuration
 * reference, so it cannot drift from the code.
 *
 * <p>The rows are those of the page's {@code ## Settings} section; each starts with the setting's
 * name in backticks ({@code | `image` |}, a map as {@code | `node-selector.<key>` |}) and holds its
 * default in backticks when it has one.
 */
public final class SettingsDocumentation {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)(\\.<[a-z]+>)?` \\|(.*)$");

    private SettingsDocumentation() {}

    public static void assertDocuments(Path page, List<Setting> declared) throws IOException {
        List<String> rows = settingsSection(Files.readAllLines(page)).stream().filter(line -> ROW.matcher(line).matches()).toList();
        assertThat(rows).as(page + " has a ## Settings section with a row per setting").hasSizeGreaterThanOrEqualTo(declared.size());
        for (Setting setting : declared) {
            String name = setting.map() ? setting.name() + ".<" : setting.name() + "`";
            List<String> documented = rows.stream().filter(row -> row.startsWith("| `" + name)).toList();
            assertThat(documented).as(page + " has a row for " + setting.name()).hasSize(1);
            setting.defaultValue().ifPresent(value -> assertThat(documented.get(0))
                    .as(page + " gives " + setting.name() + "'s default").contains("`" + value + "`"));
        }
        for (String row : rows) {
            Matcher matcher = ROW.matcher(row);
            assertThat(matcher.matches()).isTrue();
            String name = matcher.group(1);
            assertThat(declared.stream().anyMatch(setting -> setting.name().equals(name) && setting.map() == (matcher.group(2) != null)))
                    .as(page + " documents " + name + ", which the factory does not declare").isTrue();
        }
    }

    private static List<String> settingsSection(List<String> lines) {
        int start = lines.indexOf("## Settings");
        if (start < 0) {
            return List.of();
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        return lines.subList(start + 1, end);
    }
}
