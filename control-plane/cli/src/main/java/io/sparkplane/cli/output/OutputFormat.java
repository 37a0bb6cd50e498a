package io.sparkplane.cli.output;

/** How a command prints what the API answered: a table for people, or the API's own JSON (or it as YAML) for machines. */
public enum OutputFormat {
    table,
    json,
    yaml
}
