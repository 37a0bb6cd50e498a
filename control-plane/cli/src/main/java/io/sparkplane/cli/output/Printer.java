package io.sparkplane.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Prints what commands produce on standard output in the chosen {@link OutputFormat}; progress and
 * problems go to standard error, never here, so that {@code -o json | jq} always parses.
 */
public final class Printer {

    private final PrintStream out;
    private final OutputFormat format;
    private final boolean quiet;
    private final ObjectMapper json;

    public Printer(PrintStream out, OutputFormat format, boolean quiet, ObjectMapper json) {
        this.out = out;
        this.format = format;
        this.quiet = quiet;
        this.json = json;
    }

    public OutputFormat format() {
        return format;
    }

    public boolean quiet() {
        return quiet;
    }

    public PrintStream out() {
        return out;
    }

    /** One object: its details as a table, or the API's JSON; with {@code --quiet}, only its id. */
    public void one(JsonNode item, TableLayout layout, String idField) {
        if (quiet) {
            out.println(Column.text(Column.at(item, idField)));
        } else if (format == OutputFormat.table) {
            out.print(layout.details(item));
        } else {
            structured(item);
        }
        out.flush();
    }

    /** A page or list of objects ({@code {"items": [...]}}): rows of a table, or the API's JSON; with {@code --quiet}, their ids. */
    public void many(JsonNode page, TableLayout layout, String idField) {
        if (quiet) {
            page.path("items").forEach(item -> out.println(Column.text(Column.at(item, idField))));
        } else if (format == OutputFormat.table) {
            out.print(layout.table(page.path("items")));
        } else {
            structured(page);
        }
        out.flush();
    }

    /** The API's JSON (or YAML), whatever the table format would show. */
    public void structured(JsonNode node) {
        try {
            if (format == OutputFormat.yaml) {
                // a string that reads as a number ("8", a Spark property's value) stays quoted, so the YAML reads back as the
                // API's JSON: `jobs get -o yaml > job.yaml` then `jobs update -f job.yaml` saves the same definition
                ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build());
                out.print(yaml.writeValueAsString(node));
            } else {
                out.println(json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    /** A line of text for people, shown in table format only (and not with --quiet). */
    public void line(String text) {
        if (!quiet && format == OutputFormat.table) {
            out.println(text);
            out.flush();
        }
    }
}
