package io.sparkplane.autoscaler.simulation;

/**
 * What one simulated run cost and how long it took.
 *
 * @param executorSeconds the sum over workers of the time from being requested (start-up is
 *     billed) to being removed or the workload's end: the cost
 * @param makespanSeconds from the start to the end of the last task: the time
 * @param scaleChanges how many decisions changed the worker count
 */
public record SimulationResult(double executorSeconds, double makespanSeconds, int scaleChanges) {

    public SimulationResult {
        if (executorSeconds < 0 || makespanSeconds < 0 || scaleChanges < 0) {
            throw new IllegalArgumentException("negative result: " + executorSeconds + ", " + makespanSeconds
                    + ", " + scaleChanges);
        }
    }
}
