package io.sparkplane.autoscaler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statements docs/benchmarks.md makes about the benchmark. The simulator is deterministic, so
 * each is a fixed property of the code; if a change breaks one, the document is wrong too.
 */
class BenchmarkClaimsTest {

    private static final ClusterModel MODEL = ClusterModel.benchmark();
    private static Map<String, SimulationReport.Row> rows;

    @BeforeAll
    static void runBenchmark() {
        List<SimulationReport.Row> all = SimulationReport.run(MODEL);
        rows = all.stream().collect(Collectors.toMap(row -> row.workload().name(), Function.identity()));
    }

    @Test
    void theBacklogPolicyMeetsTheTargetOnTheSkewedStageAndTheBursts() {
        assertThat(rows.get(Workloads.skewedLongTail().name()).check().met()).isTrue();
        assertThat(rows.get(Workloads.burstsWithIdleGaps().name()).check().met()).isTrue();
    }

    @Test
    void noPolicyCanMeetTheCostTargetOnTheSingleWideStage() {
        SimulationReport.Reach reach = SimulationReport.reach(MODEL, Workloads.singleWideStage());
        assertThat(reach.workFloorVsStaticMax()).isGreaterThan(0.70);
        SimulationReport.TargetCheck check = rows.get(Workloads.singleWideStage().name()).check();
        assertThat(check.atMost70PercentOfStaticMaxCost()).isFalse();
        assertThat(check.atMost110PercentOfStaticMaxMakespan()).isTrue();
        assertThat(check.noSlowerThanDynamicAllocation()).isTrue();
    }

    @Test
    void noStaticSizeMeetsTheCostTargetOnManyShortStages() {
        SimulationReport.Reach reach = SimulationReport.reach(MODEL, Workloads.manyShortStages());
        assertThat(reach.cheapestStaticCostVsStaticMax()).isGreaterThan(0.70);
        SimulationReport.TargetCheck check = rows.get(Workloads.manyShortStages().name()).check();
        assertThat(check.atMost110PercentOfStaticMaxMakespan()).isTrue();
        assertThat(check.noSlowerThanDynamicAllocation()).isTrue();
        assertThat(check.cheaperThanDynamicAllocation()).isFalse();
    }

    @Test
    void initialWorkersAreNotFree() {
        // static-max's first task can only start once its workers have started
        for (SimulationReport.Row row : rows.values()) {
            double startup = MODEL.workerStartupDelay().toMillis() / 1000.0;
            double slots = MODEL.maxWorkers() * MODEL.coresPerWorker();
            assertThat(row.staticMax().makespanSeconds()).as(row.workload().name())
                    .isGreaterThanOrEqualTo(startup + row.workload().taskSeconds() / slots);
        }
    }

    @Test
    void theBacklogPolicyIsNeverSlowerThanDynamicAllocation() {
        for (SimulationReport.Row row : rows.values()) {
            assertThat(row.backlogPolicy().makespanSeconds()).as(row.workload().name())
                    .isLessThanOrEqualTo(row.dynamicAllocation().makespanSeconds());
        }
    }
}
