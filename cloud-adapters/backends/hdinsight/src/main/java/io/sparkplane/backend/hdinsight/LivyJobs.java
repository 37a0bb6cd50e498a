package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.DriverOutput;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An attempt's job as one Livy batch, named after the attempt's cluster ({@link BatchNames}), on
 * whichever Livy holds it (the shared cluster's, or the attempt's own cluster's): found by its name,
 * submitted at most once, its state read, its log kept before Sparkplane ends it.
 */
final class LivyJobs {

    private static final System.Logger LOG = System.getLogger(LivyJobs.class.getName());
    /** Livy's words for a name a live session has already ("Duplicate session name: ..."). */
    private static final String DUPLICATE = "duplicate session name";

    private final BatchNames names;
    private final DriverOutputFiles outputs;

    LivyJobs(BatchNames names, DriverOutputFiles outputs) {
        this.names = requireNonNull(names, "names is null");
        this.outputs = requireNonNull(outputs, "outputs is null");
    }

    BatchNames names() {
        return names;
    }

    /** The attempt's batch on this Livy, by name (the newest, should there be more); empty when there is none. */
    Optional<LivyBatch> find(LivyClient livy, String clusterName) {
        String batchName = names.batchName(clusterName);
        return livy.batches().stream().filter(batch -> batchName.equals(batch.name())).max(Comparator.comparingInt(LivyBatch::id));
    }

    /** The batch of that id if it is still the attempt's (a Livy restarted without recovery gives ids again, to others' batches). */
    Optional<LivyBatch> byId(LivyClient livy, int id, String clusterName) {
        return livy.batch(id).filter(batch -> names.batchName(clusterName).equals(batch.name()));
    }

    /**
     * The attempt's batch: the one there is ({@code look}: asked first), else a new one. Livy
     * refusing the name as a live batch's (Livy 0.7 and later keep names unique) finds that batch.
     *
     * @throws LivyException when Livy did not take the batch; a batch may have been made all the same
     *     when Livy did not answer or answered 5xx
     */
    LivyBatch submit(LivyClient livy, LivyBatchRequest request, String clusterName, boolean look) {
        if (look) {
            Optional<LivyBatch> existing = find(livy, clusterName);
            if (existing.isPresent()) {
                LOG.log(System.Logger.Level.INFO, "cluster {0}: adopted Livy batch {1} ({2})", clusterName, existing.get().id(),
                        existing.get().state());
                return existing.get();
            }
        }
        try {
            LivyBatch made = livy.submit(request);
            LOG.log(System.Logger.Level.INFO, "cluster {0}: Livy batch {1} submitted at {2}", clusterName, made.id(), livy.base());
            return made;
        } catch (LivyException e) {
            if (e.status() == 400 && e.livyMessage().toLowerCase(Locale.ROOT).contains(DUPLICATE)) {
                Optional<LivyBatch> existing = find(livy, clusterName);
                if (existing.isPresent()) {
                    LOG.log(System.Logger.Level.INFO, "cluster {0}: Livy has batch {1} of the name already: adopted", clusterName,
                            existing.get().id());
                    return existing.get();
                }
            }
            throw e;
        }
    }

    /**
     * After a submit that failed: a call Livy did not answer, or answered 5xx, may have made the
     * batch all the same, which must not run on unwatched. Best effort; the failed submit is what the
     * caller hears of.
     */
    void deleteStray(LivyClient livy, String clusterName) {
        try {
            Optional<LivyBatch> made = find(livy, clusterName);
            if (made.isPresent() && livy.delete(made.get().id())) {
                LOG.log(System.Logger.Level.WARNING, "cluster {0}: deleted Livy batch {1}, made by a submit that failed", clusterName, made.get().id());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: could not look for a Livy batch left by a failed submit: {1}", clusterName,
                    e.getMessage());
        }
    }

    /** What the batch's state means for the attempt; a dead batch's log is read for its message. */
    ClusterStatus status(LivyClient livy, LivyBatch batch, ClusterTopology topology) {
        List<String> log = List.of();
        if (batch.state().equalsIgnoreCase("dead") || batch.state().equalsIgnoreCase("error")) {
            log = livy.log(batch.id()).orElse(batch.log());
        }
        return LivyBatchStates.status(batch.state(), log, topology);
    }

    /** The batch's log as the driver's output, read now. */
    Optional<DriverOutput> output(LivyClient livy, LivyBatch batch, String where) {
        return livy.log(batch.id()).map(lines -> new DriverOutput(source(batch, where), String.join("\n", lines)));
    }

    /**
     * Keeps the batch's log before Sparkplane ends the batch (or its cluster), which forgets it; a
     * batch that ended and whose log is kept already is not read again. Best effort: the end of the
     * job (a cancel) matters more than its log, so a log that cannot be read is said and let go.
     */
    void keepOutput(LivyClient livy, LivyBatch batch, String clusterName, String where) {
        if (LivyBatchStates.ended(batch.state()) && outputs.kept(clusterName)) {
            return;
        }
        try {
            output(livy, batch, where).ifPresent(output -> outputs.keep(clusterName, output));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: could not keep the log of Livy batch {1} before ending it: {2}", clusterName,
                    batch.id(), e.getMessage());
        }
    }

    /** The output kept of the cluster's batch, if any. */
    Optional<DriverOutput> kept(String clusterName) {
        return outputs.read(clusterName);
    }

    private static String source(LivyBatch batch, String where) {
        return "Livy batch " + batch.id() + "'s log on " + where;
    }
}
