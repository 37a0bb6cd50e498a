package io.sparkplane.controlplane.metrics;

import java.time.Duration;

/**
 * The histogram buckets the timers publish, so Prometheus can compute percentiles across replicas
 * ({@code histogram_quantile}). A fixed, short list each rather than Micrometer's percentile
 * histogram (about 70 buckets a series): a run's phases take from milliseconds (a local claim) to
 * tens of minutes (a cloud cluster), an HTTP request from a millisecond to an upload's minute.
 */
final class Buckets {

    private Buckets() {}

    /** Queue waits, provisioning and engine starts: 50 ms to an hour. */
    static final Duration[] RUN_PHASES = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600);

    /** The HTTP server's requests: 5 ms to a minute. */
    static final Duration[] HTTP_REQUESTS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }
}
