package io.sparkplane.controlplane.livy;

import java.util.List;
import java.util.Map;

/**
 * A batch as Livy shows it ({@code GET /batches/{id}}): Livy's fields only, so its clients read it
 * as they read Livy's. {@code appInfo} (a free map in Livy) carries the run's id and where its
 * whole log is in Sparkplane's own API.
 *
 * @param id the run's batch id, a number as Livy's clients expect
 * @param log the last lines of the driver's log, as Livy shows them
 */
public record LivyBatch(long id, String name, String owner, String proxyUser, String state, String appId, Map<String, String> appInfo,
        List<String> log) {

    /** {@code GET /batches}: a page of them. */
    public record Page(long from, long total, List<LivyBatch> sessions) {}

    /** {@code GET /batches/{id}/state}. */
    public record State(long id, String state) {}

    /** {@code GET /batches/{id}/log}: lines {@code from} on, of {@code total}. */
    public record Log(long id, long from, long total, List<String> log) {}

    /** {@code DELETE /batches/{id}}. */
    public record Deleted(String msg) {}
}
