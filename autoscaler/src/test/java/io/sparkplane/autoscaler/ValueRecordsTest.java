package io.sparkplane.autoscaler;

import static io.sparkplane.autoscaler.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueRecordsTest {

    @Test
    void backlogSnapshotRejectsInvalidArguments() {
        assertThatThrownBy(() -> new BacklogSnapshot(null, 0, 0, 0, 0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("at is null");
        assertThatThrownBy(() -> new BacklogSnapshot(T0, -1, 0, 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pendingTasks");
        assertThatThrownBy(() -> new BacklogSnapshot(T0, 0, -1, 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runningTasks");
        assertThatThrownBy(() -> new BacklogSnapshot(T0, 0, 0, 1, 2, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds executorsAlive");
        assertThatThrownBy(() -> new BacklogSnapshot(T0, 0, 0, 0, 0, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("averageTaskDuration");
    }

    @Test
    void backlogSnapshotDerivesOutstandingAndIdle() {
        BacklogSnapshot snapshot = new BacklogSnapshot(T0, 5, 3, 4, 1, null);
        assertThat(snapshot.outstandingTasks()).isEqualTo(8);
        assertThat(snapshot.executorsIdle()).isEqualTo(3);
    }

    @Test
    void clusterStateRejectsInvalidBounds() {
        assertThatThrownBy(() -> new ClusterState(-1, 0, 1, 1, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currentWorkers");
        assertThatThrownBy(() -> new ClusterState(1, -1, 1, 1, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minWorkers");
        assertThatThrownBy(() -> new ClusterState(1, 0, 0, 1, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWorkers");
        assertThatThrownBy(() -> new ClusterState(1, 3, 2, 1, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below minWorkers");
        assertThatThrownBy(() -> new ClusterState(1, 0, 2, 0, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coresPerWorker");
        assertThatThrownBy(() -> new ClusterState(1, 0, 2, 1, null, null, null, null, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lastAddedWorkers");
        assertThatThrownBy(() -> ClusterState.created(1, 0, 2, 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("createdAt is null");
    }

    @Test
    void scalingDecisionRejectsInvalidArguments() {
        assertThatThrownBy(() -> new ScalingDecision(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingDecision(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ScalingDecision(1, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policiesRejectInvalidSettings() {
        assertThatThrownBy(() -> new StaticPolicy(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DynamicAllocationPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schedulerBacklogTimeout");
        assertThatThrownBy(() -> new DynamicAllocationPolicy(Duration.ofSeconds(1), null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sustainedSchedulerBacklogTimeout");
        assertThatThrownBy(() -> new BacklogPolicy(Duration.ofSeconds(30), 0.5, Duration.ofSeconds(60), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxScaleUpFactor");
        assertThatThrownBy(() -> new BacklogPolicy(Duration.ofSeconds(30), Double.NaN, Duration.ofSeconds(60), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxScaleUpFactor");
        assertThatThrownBy(() -> new BacklogPolicy(Duration.ofSeconds(-30), 2.0, Duration.ofSeconds(60), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetDrainTime");
        assertThatThrownBy(() -> new BacklogPolicy(Duration.ofSeconds(30), 2.0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scaleDownStabilization");
        assertThatThrownBy(() -> new BacklogPolicy(Duration.ofSeconds(30), 2.0, Duration.ofSeconds(60), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workerStartupDelay");
        assertThatThrownBy(() -> new BacklogPolicy(Duration.ofSeconds(30), 2.0, Duration.ofSeconds(60), null))
                .isInstanceOf(NullPointerException.class).hasMessage("workerStartupDelay is null");
    }

    @Test
    void defaultsArePinned() {
        assertThat(DynamicAllocationPolicy.sparkDefaults()).isEqualTo(new DynamicAllocationPolicy(
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60)));
        assertThat(BacklogPolicy.defaults()).isEqualTo(new BacklogPolicy(
                Duration.ofSeconds(20), 2.0, Duration.ofSeconds(30), Duration.ofSeconds(10)));
    }
}
