package io.sparkplane.autoscaler.simulation;

import io.sparkplane.autoscaler.BacklogPolicy;
import io.sparkplane.autoscaler.DynamicAllocationPolicy;
import io.sparkplane.autoscaler.ScalingPolicy;
import io.sparkplane.autoscaler.StaticPolicy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the benchmark as markdown: every built-in workload through static-min, static-max,
 * Spark-style dynamic allocation (Spark's defaults) and the backlog policy (its defaults), on
 * {@link ClusterModel#benchmark()}: 1 to 16 workers of 4 cores, 10 s to start a worker. Ratios are
 * against static-max. The last table checks the backlog policy against the target of issue 3: at
 * most 70 % of static-max's executor-seconds at at most 110 % of its makespan, and fewer
 * executor-seconds than dynamic allocation at no worse makespan.
 *
 * <p>Run: {@code java -cp autoscaler/target/classes io.sparkplane.autoscaler.simulation.SimulationReport}
 */
public final class SimulationReport {

    private SimulationReport() {}

    /** A policy under a name for the report. */
    record NamedPolicy(String name, ScalingPolicy policy) {}

    /** One workload's results, in the order of {@link #policies(ClusterModel)}. */
    record Row(Workload workload, List<SimulationResult> results) {}

    public static void main(String[] arguments) {
        print(ClusterModel.benchmark(), System.out);
    }

    static List<NamedPolicy> policies(ClusterModel model) {
        return List.of(
                new NamedPolicy("static-min (" + model.minWorkers() + ")", new StaticPolicy(model.minWorkers())),
                new NamedPolicy("static-max (" + model.maxWorkers() + ")", new StaticPolicy(model.maxWorkers())),
                new NamedPolicy("dynamic allocation", DynamicAllocationPolicy.sparkDefaults()),
                new NamedPolicy("backlog policy", BacklogPolicy.defaults()));
    }

    static List<Row> run(ClusterModel model) {
        Simulator simulator = new Simulator(model);
        List<Row> rows = new ArrayList<>();
        for (Workload workload : Workloads.all()) {
            List<SimulationResult> results = new ArrayList<>();
            for (NamedPolicy policy : policies(model)) {
                results.add(simulator.run(workload, policy.policy()));
            }
            rows.add(new Row(workload, results));
        }
        return rows;
    }

    static void print(ClusterModel model, PrintStream out) {
        List<NamedPolicy> policies = policies(model);
        List<Row> rows = run(model);
        out.printf(Locale.ROOT, "Cluster: %d to %d workers of %d cores, %d s to start a worker, tick %d s.%n%n",
                model.minWorkers(), model.maxWorkers(), model.coresPerWorker(),
                model.workerStartupDelay().toSeconds(), Simulator.TICK.toSeconds());
        out.println("| workload | policy | executor-s | makespan s | scale changes | executor-s vs static-max | makespan vs static-max |");
        out.println("|---|---|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            SimulationResult staticMax = row.results().get(1);
            for (int index = 0; index < policies.size(); index++) {
                SimulationResult result = row.results().get(index);
                out.printf(Locale.ROOT, "| %s | %s | %.0f | %.1f | %d | %.0f %% | %.0f %% |%n",
                        row.workload().name(), policies.get(index).name(), result.executorSeconds(),
                        result.makespanSeconds(), result.scaleChanges(),
                        100 * result.executorSeconds() / staticMax.executorSeconds(),
                        100 * result.makespanSeconds() / staticMax.makespanSeconds());
            }
        }
        out.println();
        out.println("| workload | ≤ 70 % static-max executor-s | ≤ 110 % static-max makespan | fewer executor-s than dynamic | makespan ≤ dynamic | target |");
        out.println("|---|---|---|---|---|---|");
        for (Row row : rows) {
            SimulationResult staticMax = row.results().get(1);
            SimulationResult dynamic = row.results().get(2);
            SimulationResult backlog = row.results().get(3);
            boolean cost = backlog.executorSeconds() <= 0.70 * staticMax.executorSeconds();
            boolean time = backlog.makespanSeconds() <= 1.10 * staticMax.makespanSeconds();
            boolean cheaper = backlog.executorSeconds() < dynamic.executorSeconds();
            boolean noSlower = backlog.makespanSeconds() <= dynamic.makespanSeconds();
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", row.workload().name(),
                    yesNo(cost), yesNo(time), yesNo(cheaper), yesNo(noSlower),
                    cost && time && cheaper && noSlower ? "met" : "missed");
        }
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
