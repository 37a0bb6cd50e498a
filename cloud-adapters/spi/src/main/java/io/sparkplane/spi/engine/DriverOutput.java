package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * A service-hosted driver's output as its service hands it over its own API, not as objects in
 * staging: a Livy batch's log, a Databricks run's output.
 *
 * @param source where it came from, for the line the run's log opens with ("Livy batch 12's log")
 * @param text the output, as the service gave it (stdout and stderr as it interleaves or labels them)
 */
public record DriverOutput(String source, String text) {

    public DriverOutput {
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
    }
}
