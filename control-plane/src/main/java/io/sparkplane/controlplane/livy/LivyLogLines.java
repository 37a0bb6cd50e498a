package io.sparkplane.controlplane.livy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A driver log as Livy's lines, and the window of them a {@code from}/{@code size} asks for, as
 * Livy answers it: without {@code from}, the last {@code size} lines. Pure.
 */
final class LivyLogLines {

    /** Livy's default page of log lines. */
    static final int DEFAULT_SIZE = 100;

    private LivyLogLines() {}

    /**
     * @param tail the log's last bytes; {@code cut} when the log began before them, whose first
     *     (partial) line is then left out and said so
     */
    static List<String> lines(byte[] tail, boolean cut, long cutBytes) {
        String text = new String(tail, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int start = 0;
        if (cut) {
            int firstBreak = text.indexOf('\n');
            start = firstBreak < 0 ? text.length() : firstBreak + 1;
            lines.add("[sparkplane] the log's first " + (cutBytes + start) + " bytes are left out here; GET /api/v1/runs/{id}/logs has them");
        }
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                lines.add(text.substring(start));
                break;
            }
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }

    /** The window: {@code from} (default: the last {@code size}) for {@code size} lines, clamped to what there is. */
    static Window window(int total, Integer from, Integer size) {
        int count = size == null ? DEFAULT_SIZE : Math.max(0, size);
        int first = from == null ? Math.max(0, total - count) : Math.max(0, Math.min(from, total));
        int last = (int) Math.min((long) first + count, total);
        return new Window(first, last);
    }

    record Window(int from, int to) {}
}
