package io.sparkplane.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How a kind of API object shows as text: columns of a table with one row per object, or lines of
 * {@code Header: value} for one object.
 *
 * @param schema the contract's schema of the objects it shows, which its columns' fields must belong to
 */
public record TableLayout(String schema, List<Column> columns) {

    public TableLayout {
        columns = List.copyOf(columns);
    }

    /** The rows under a header line, each column as wide as its widest cell. */
    public String table(Iterable<JsonNode> items) {
        List<String[]> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode item : items) {
            rows.add(columns.stream().map(column -> oneLine(column.value().apply(item), column.maxWidth())).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** One object as {@code Header: value} lines, the values aligned; a value of several lines (a schedule's fire times) stays in its column. */
    public String details(JsonNode item) {
        int width = columns.stream().mapToInt(column -> column.header().length()).max().orElse(0) + 1;
        StringBuilder text = new StringBuilder();
        for (Column column : columns) {
            String label = column.header() + ":";
            String value = column.value().apply(item).replace("\n", "\n" + " ".repeat(width + 1));
            text.append(label).append(" ".repeat(width - label.length() + 1)).append(value).append('\n');
        }
        return text.toString();
    }

    private static String oneLine(String value, int maxWidth) {
        String line = value.replace('\n', ' ').replace('\r', ' ');
        return line.length() > maxWidth ? line.substring(0, Math.max(0, maxWidth - 3)) + "..." : line;
    }
}
