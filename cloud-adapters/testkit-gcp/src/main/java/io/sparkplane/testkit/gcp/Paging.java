package io.sparkplane.testkit.gcp;

import java.util.List;

/**
 * One page of a list answer. The token is the offset of the next page's first item: opaque to
 * clients, as the API wants, and stable while the listed set does not change.
 */
record Paging<T>(List<T> items, String nextPageToken) {

    Paging {
        items = List.copyOf(items);
    }

    static <T> Paging<T> page(List<T> all, int pageSize, String pageToken, int defaultSize, int maximumSize) {
        if (pageSize < 0) {
            throw Rpc.invalidArgument("page_size must not be negative, not " + pageSize);
        }
        int size = pageSize == 0 ? defaultSize : Math.min(pageSize, maximumSize);
        int offset = 0;
        if (!pageToken.isEmpty()) {
            try {
                offset = Integer.parseInt(pageToken.substring("offset-".length()));
            } catch (RuntimeException e) {
                throw Rpc.invalidArgument("Invalid page_token '" + pageToken + "'");
            }
            if (!pageToken.startsWith("offset-") || offset < 0) {
                throw Rpc.invalidArgument("Invalid page_token '" + pageToken + "'");
            }
        }
        int from = Math.min(offset, all.size());
        int to = Math.min(from + size, all.size());
        return new Paging<>(all.subList(from, to), to < all.size() ? "offset-" + to : "");
    }
}
