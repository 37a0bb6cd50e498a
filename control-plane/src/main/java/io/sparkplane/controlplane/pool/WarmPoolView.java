package io.sparkplane.controlplane.pool;

import java.time.Instant;
import java.util.List;

/**
 * A warm pool as the API shows it: its settings, where they come from ({@code configuration} or
 * {@code api}), and what it holds now.
 */
public record WarmPoolView(String name, String workspace, String profile, int size, String idleTtl, int workers, Resources resources,
        String source, Status status) {

    public record Resources(Shape driver, Shape executor) {}

    public record Shape(int cores, String memory) {}

    /**
     * @param starting warm clusters starting (their driver not up yet)
     * @param ready warm clusters a run that fits starts on at once
     * @param hits runs that took one of its warm clusters
     * @param misses runs of its workspace and profile that started cold (none ready, or they did not fit)
     * @param lastDemandAt when a run of its workspace and profile was last dispatched (or the pool first kept)
     * @param idle no run came for its idle TTL: it keeps no warm cluster until one comes
     */
    public record Status(int starting, int ready, long hits, long misses, Instant lastDemandAt, boolean idle) {}

    public record Page(List<WarmPoolView> items) {}
}
