package io.sparkplane.testkit.gcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list filter as Dataproc documents it for clusters and jobs: {@code field = value [AND [field =
 * value]] ...}, space-separated terms an implicit AND, {@code *} matching any value, and a bare
 * {@code field} the same as {@code field = *}. Batches' filters are AIP-160 expressions; the fake
 * reads the same AND-ed equalities of them (quoted values too) and refuses OR, comparisons and
 * functions with INVALID_ARGUMENT, rather than answering them wrongly.
 */
record ListFilter(List<Term> terms) {

    static final String ANY = "*";

    /** One {@code field = value}. */
    record Term(String field, String value) {

        boolean matches(String actual) {
            return ANY.equals(value) || value.equals(actual);
        }

        /** For {@code labels.KEY}: the label is there, with that value unless {@code *}. */
        boolean matchesLabel(Map<String, String> labels) {
            String key = field.substring("labels.".length());
            return labels.containsKey(key) && matches(labels.get(key));
        }

        boolean isLabel() {
            return field.startsWith("labels.") && field.length() > "labels.".length();
        }
    }

    ListFilter {
        terms = List.copyOf(terms);
    }

    /**
     * Parses {@code filter} (empty: no terms), checking every field is one of {@code fields} or a
     * {@code labels.KEY}.
     */
    static ListFilter parse(String filter, Set<String> fields) {
        List<Term> terms = new ArrayList<>();
        int position = 0;
        String text = filter.strip();
        while (position < text.length()) {
            position = skipSpaces(text, position);
            if (!terms.isEmpty() && startsWithWord(text, position, "AND")) {
                position = skipSpaces(text, position + 3);
                if (position >= text.length()) {
                    throw invalid(filter, "AND without a term after it");
                }
            }
            if (startsWithWord(text, position, "OR") || startsWithWord(text, position, "NOT") || text.startsWith("-", position)) {
                throw invalid(filter, "only AND-ed equalities are supported");
            }
            int start = position;
            while (position < text.length() && isFieldCharacter(text.charAt(position))) {
                position++;
            }
            String field = text.substring(start, position);
            if (field.isEmpty()) {
                throw invalid(filter, "a field name expected at " + start);
            }
            position = skipSpaces(text, position);
            String value = ANY;
            if (position < text.length() && text.charAt(position) == '=') {
                position = skipSpaces(text, position + 1);
                if (position >= text.length()) {
                    throw invalid(filter, "no value after " + field + " =");
                }
                char first = text.charAt(position);
                if (first == '"' || first == '\'') {
                    int end = text.indexOf(first, position + 1);
                    if (end < 0) {
                        throw invalid(filter, "an unterminated quote");
                    }
                    value = text.substring(position + 1, end);
                    position = end + 1;
                } else {
                    int end = position;
                    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                        end++;
                    }
                    value = text.substring(position, end);
                    position = end;
                }
            } else if (position < text.length() && "<>!:(".indexOf(text.charAt(position)) >= 0) {
                throw invalid(filter, "only = is supported, not '" + text.charAt(position) + "'");
            }
            Term term = new Term(field, value);
            if (!term.isLabel() && !fields.contains(field)) {
                throw invalid(filter, "field '" + field + "' is not one of " + fields + " or labels.KEY");
            }
            terms.add(term);
        }
        return new ListFilter(terms);
    }

    private static boolean isFieldCharacter(char character) {
        return Character.isLetterOrDigit(character) || character == '_' || character == '.' || character == '-';
    }

    private static int skipSpaces(String text, int position) {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        return position;
    }

    /** {@code word}, in any case (AIP-160 filters write "and"), as a whole word. */
    private static boolean startsWithWord(String text, int position, String word) {
        int end = position + word.length();
        return text.regionMatches(true, position, word, 0, word.length())
                && (end == text.length() || Character.isWhitespace(text.charAt(end)));
    }

    private static RuntimeException invalid(String filter, String reason) {
        return Rpc.invalidArgument("Invalid filter '" + filter + "': " + reason);
    }
}
