package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.cluster.MetricPoint;
import java.util.List;
import java.util.UUID;

/** The API's {@code MetricSeries}: one attempt's points, oldest first. */
public record MetricSeries(UUID runId, int attempt, List<MetricPoint> items) {}
