package io.sparkplane.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.CliException;
import java.util.Optional;

/** Follows a list operation's cursors ({@code nextCursor}) page after page. */
public final class Pages {

    private static final int PAGE_SIZE = 200;

    /** A list request from a cursor (empty for the first page), without its limit. */
    @FunctionalInterface
    public interface PageRequest {
        ApiRequest from(Optional<String> cursor);
    }

    private Pages() {}

    /**
     * Fetches pages until {@code limit} items (or, with {@code all}, every one); returns them as one
     * page in the API's shape, its {@code nextCursor} where it stopped (null at the end).
     */
    public static JsonNode fetch(int limit, boolean all, PageRequest request) {
        if (limit < 1 && !all) {
            throw CliException.usage("--limit must be at least 1");
        }
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        Optional<String> cursor = Optional.empty();
        while (true) {
            int wanted = all ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - items.size());
            JsonNode answer = request.from(cursor).query("limit", wanted).call();
            answer.path("items").forEach(items::add);
            JsonNode next = answer.path("nextCursor");
            cursor = next.isTextual() ? Optional.of(next.asText()) : Optional.empty();
            if (cursor.isEmpty() || !all && items.size() >= limit) {
                break;
            }
        }
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        page.set("items", items);
        page.put("nextCursor", cursor.orElse(null));
        return page;
    }
}
