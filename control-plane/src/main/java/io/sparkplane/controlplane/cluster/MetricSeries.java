package io.sparkplane.controlplane.cluster;

import java.util.List;
import java.util.UUID;

/** The API's {@code MetricSeries}: one attempt's points, oldest first. */
public record MetricSeries(UUID runId, int attempt, List<MetricPoint> items) {}
