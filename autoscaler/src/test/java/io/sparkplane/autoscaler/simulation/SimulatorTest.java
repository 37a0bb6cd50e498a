package io.sparkplane.autoscaler.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.autoscaler.BacklogPolicy;
import io.sparkplane.autoscaler.DynamicAllocationPolicy;
import io.sparkplane.autoscaler.ScalingPolicy;
import io.sparkplane.autoscaler.StaticPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static final ClusterModel MODEL = ClusterModel.benchmark();
    private static final Simulator BENCHMARK = new Simulator(MODEL);

    private static Workload oneStage(int tasks, Duration each) {
        return new Workload("test", List.of(new Workload.Stage(Duration.ZERO, Collections.nCopies(tasks, each))));
    }

    @Test
    void aStaticClusterRunsTasksInWavesAndPaysForEveryWorker() {
        Simulator simulator = new Simulator(new ClusterModel(1, 4, 4, Duration.ofSeconds(10)));
        // both workers start up for 10 s, then 20 tasks of 1.5 s on 2 × 4 slots take three waves
        SimulationResult result = simulator.run(oneStage(20, Duration.ofMillis(1_500)), new StaticPolicy(2));
        assertThat(result).isEqualTo(new SimulationResult(2 * 14.5, 14.5, 0));
    }

    @Test
    void aScaleUpTakesEffectAfterTheStartupDelay() {
        Simulator simulator = new Simulator(new ClusterModel(1, 2, 1, Duration.ofSeconds(10)));
        // the initial worker, requested at 0, runs the first task from 10 s; the backlog is 1 s old
        // at 1 s, so a second worker is requested then and runs the second task from 11 s to 111 s
        SimulationResult result = simulator.run(oneStage(2, Duration.ofSeconds(100)),
                DynamicAllocationPolicy.sparkDefaults());
        assertThat(result).isEqualTo(new SimulationResult(111 + 110, 111, 1));
    }

    @Test
    void stagesRunInOrderWithTheirGaps() {
        Simulator simulator = new Simulator(new ClusterModel(1, 1, 2, Duration.ofSeconds(10)));
        Workload workload = new Workload("two stages", List.of(
                new Workload.Stage(Duration.ofSeconds(5), Collections.nCopies(4, Duration.ofSeconds(2))),
                new Workload.Stage(Duration.ofSeconds(30), Collections.nCopies(1, Duration.ofSeconds(3)))));
        // first stage submitted at 5 s, the worker starts at 10 s, two waves to 14 s; second stage
        // submitted at 44 s, ends at 47 s
        assertThat(simulator.run(workload, new StaticPolicy(1))).isEqualTo(new SimulationResult(47, 47, 0));
    }

    @Test
    void idleWorkersAreRemovedAtOnceOnScaleDown() {
        Simulator simulator = new Simulator(new ClusterModel(1, 2, 1, Duration.ofSeconds(10)));
        Workload workload = new Workload("a long task and a short one", List.of(new Workload.Stage(Duration.ZERO,
                List.of(Duration.ofSeconds(100), Duration.ofSeconds(1)))));
        DynamicAllocationPolicy policy = new DynamicAllocationPolicy(
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
        // first worker runs the long task 10–110 s; second worker requested at 1 s, runs the short
        // task 11–12 s, last busy at 11 s, removed at 16 s
        SimulationResult result = simulator.run(workload, policy);
        assertThat(result).isEqualTo(new SimulationResult(110 + 15, 110, 2));
    }

    @Test
    void theSameInputsGiveTheSameResult() {
        for (Workload workload : Workloads.all()) {
            for (ScalingPolicy policy : List.<ScalingPolicy>of(new StaticPolicy(1), new StaticPolicy(8),
                    DynamicAllocationPolicy.sparkDefaults(), BacklogPolicy.defaults())) {
                assertThat(BENCHMARK.run(workload, policy)).as(workload.name() + " under " + policy)
                        .isEqualTo(new Simulator(ClusterModel.benchmark()).run(workload, policy));
            }
        }
        assertThat(Workloads.all()).isEqualTo(Workloads.all());
    }

    @Test
    void moreWorkersFinishTheWideStageSooner() {
        Workload wide = Workloads.singleWideStage();
        SimulationResult staticMin = BENCHMARK.run(wide, new StaticPolicy(1));
        SimulationResult staticMax = BENCHMARK.run(wide, new StaticPolicy(8));
        assertThat(staticMax.makespanSeconds()).isLessThanOrEqualTo(staticMin.makespanSeconds());
        // no cluster beats its start-up plus perfect packing of the work into 8 × 4 slots, nor 4 slots
        double startup = MODEL.workerStartupDelay().toMillis() / 1000.0;
        assertThat(staticMax.makespanSeconds()).isGreaterThanOrEqualTo(startup + wide.taskSeconds() / 32);
        assertThat(staticMin.makespanSeconds()).isGreaterThanOrEqualTo(startup + wide.taskSeconds() / 4);
    }

    @Test
    void aStaticClusterCostsItsSizeTimesTheMakespan() {
        for (Workload workload : Workloads.all()) {
            SimulationResult result = BENCHMARK.run(workload, new StaticPolicy(8));
            // billed from 0, start-up included, like every other worker
            assertThat(result.executorSeconds()).as(workload.name())
                    .isCloseTo(8 * result.makespanSeconds(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(result.scaleChanges()).isZero();
        }
    }

    @Test
    void everyPolicyFinishesEveryWorkloadWithinTheWorkBounds() {
        for (Workload workload : Workloads.all()) {
            for (ScalingPolicy policy : List.<ScalingPolicy>of(DynamicAllocationPolicy.sparkDefaults(),
                    BacklogPolicy.defaults())) {
                SimulationResult result = BENCHMARK.run(workload, policy);
                // every task-second needs a slot-second; a worker has 4 slots
                assertThat(result.executorSeconds() * 4).as(workload.name() + " under " + policy)
                        .isGreaterThanOrEqualTo(workload.taskSeconds());
                assertThat(result.executorSeconds()).isLessThanOrEqualTo(8 * result.makespanSeconds());
            }
        }
    }

    @Test
    void aClusterThatNeverRunsAnythingIsReported() {
        Simulator simulator = new Simulator(new ClusterModel(0, 1, 1, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> simulator.run(oneStage(1, Duration.ofSeconds(1)), new StaticPolicy(0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not finish");
    }

    @Test
    void builtInWorkloadsHaveTheirDocumentedShape() {
        assertThat(Workloads.singleWideStage().stages()).hasSize(1);
        assertThat(Workloads.singleWideStage().taskCount()).isEqualTo(2_000);
        assertThat(Workloads.manyShortStages().stages()).hasSize(60);
        assertThat(Workloads.manyShortStages().taskCount()).isEqualTo(60 * 48);
        assertThat(Workloads.skewedLongTail().stages().get(0).taskDurations())
                .filteredOn(duration -> duration.equals(Duration.ofSeconds(240))).hasSize(4);
        assertThat(Workloads.burstsWithIdleGaps().stages()).hasSize(5)
                .allSatisfy(stage -> assertThat(stage.taskDurations()).hasSize(600));
        assertThat(Workloads.burstsWithIdleGaps().stages().get(1).submitAfterPrevious()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void initialWorkersPayTheStartupDelayLikeLaterOnes() {
        Simulator simulator = new Simulator(new ClusterModel(1, 4, 1, Duration.ofSeconds(10)));
        // nothing runs before the initial worker has started, and its start-up is billed
        SimulationResult result = simulator.run(oneStage(1, Duration.ofSeconds(5)), new StaticPolicy(4));
        assertThat(result).isEqualTo(new SimulationResult(4 * 15, 15, 0));
    }

    @Test
    void theReportPrintsEveryWorkloadUnderEveryPolicy() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SimulationReport.print(MODEL, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String report = bytes.toString(StandardCharsets.UTF_8);
        for (Workload workload : Workloads.all()) {
            assertThat(report).contains("| " + workload.name() + " | static-min (1) |",
                    "| " + workload.name() + " | static-max (8) |", "| " + workload.name() + " | dynamic allocation |",
                    "| " + workload.name() + " | backlog policy |");
        }
        SimulationResult wideStaticMax = BENCHMARK.run(Workloads.singleWideStage(), new StaticPolicy(8));
        assertThat(report).contains(String.format(java.util.Locale.ROOT,
                "| single wide stage | static-max (8) | %.1f | %.1f | 0 | 100.0 %% | 100.0 %% |",
                wideStaticMax.executorSeconds(), wideStaticMax.makespanSeconds()));
    }
}
