package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.listener.BacklogReport.StageBacklog;
import io.sparkplane.listener.SchedulerState.TaskEnd;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulerStateTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    private final SchedulerState state = new SchedulerState();

    @Test
    void countsPendingRunningAndCompletedTasksOfAStage() {
        state.executorAdded("1");
        state.executorAdded("2");
        state.stageSubmitted(0, 0, "collect at job.py:12", 8);

        assertThat(state.snapshot(AT)).isEqualTo(new BacklogReport(AT, 8, 0, 0, 0, 2, 0, null,
                java.util.List.of(new StageBacklog(0, 0, "collect at job.py:12", 8, 8, 0, 0))));

        state.taskStarted(100, 0, 0, "1");
        state.taskStarted(101, 0, 0, "1");
        BacklogReport running = state.snapshot(AT);
        assertThat(running.pendingTasks()).isEqualTo(6);
        assertThat(running.runningTasks()).isEqualTo(2);
        assertThat(running.executorsBusy()).isEqualTo(1);

        state.taskEnded(100, 0, 0, 0, TaskEnd.SUCCEEDED, 1000);
        state.taskEnded(101, 0, 0, 1, TaskEnd.SUCCEEDED, 3000);
        state.taskStarted(102, 0, 0, "2");
        BacklogReport later = state.snapshot(AT);
        assertThat(later.stages()).containsExactly(new StageBacklog(0, 0, "collect at job.py:12", 8, 5, 1, 2));
        assertThat(later.completedTasks()).isEqualTo(2);
        assertThat(later.meanTaskMillis()).isEqualTo(2000);
        assertThat(later.executorsBusy()).isEqualTo(1);

        state.taskEnded(102, 0, 0, 2, TaskEnd.SUCCEEDED, 2000);
        state.stageCompleted(0, 0);
        BacklogReport done = state.snapshot(AT);
        assertThat(done).isEqualTo(new BacklogReport(AT, 0, 0, 3, 0, 2, 0, 2000L, java.util.List.of()));
    }

    @Test
    void aFailedTaskIsCountedAndItsRetryIsPendingAgain() {
        state.executorAdded("1");
        state.stageSubmitted(3, 0, "s", 2);
        state.taskStarted(1, 3, 0, "1");
        state.taskEnded(1, 3, 0, 0, TaskEnd.FAILED, 500);

        BacklogReport report = state.snapshot(AT);
        assertThat(report.failedTasks()).isEqualTo(1);
        assertThat(report.pendingTasks()).isEqualTo(2);
        assertThat(report.meanTaskMillis()).isNull();
    }

    @Test
    void aSecondSuccessOfTheSameIndexAndAKilledCopyDoNotOvercount() {
        state.executorAdded("1");
        state.executorAdded("2");
        state.stageSubmitted(1, 0, "s", 2);
        state.taskStarted(1, 1, 0, "1");
        state.taskStarted(2, 1, 0, "2"); // speculative copy of index 0
        state.taskEnded(1, 1, 0, 0, TaskEnd.SUCCEEDED, 100);
        state.taskEnded(2, 1, 0, 0, TaskEnd.KILLED, 100);

        BacklogReport report = state.snapshot(AT);
        assertThat(report.stages()).containsExactly(new StageBacklog(1, 0, "s", 2, 1, 0, 1));
        assertThat(report.failedTasks()).isZero();
        assertThat(report.runningTasks()).isZero();
    }

    @Test
    void tasksEndingAfterTheirStageCompletedOrTwiceAreHarmless() {
        state.executorAdded("1");
        state.stageSubmitted(0, 0, "s", 1);
        state.taskStarted(7, 0, 0, "1");
        state.stageCompleted(0, 0);
        assertThat(state.snapshot(AT).runningTasks()).isEqualTo(1);

        state.taskEnded(7, 0, 0, 0, TaskEnd.SUCCEEDED, 10);
        state.taskEnded(7, 0, 0, 0, TaskEnd.KILLED, 10);
        state.taskEnded(8, 0, 0, 0, TaskEnd.KILLED, 10); // never started as far as we know

        BacklogReport report = state.snapshot(AT);
        assertThat(report.runningTasks()).isZero();
        assertThat(report.executorsBusy()).isZero();
        assertThat(report.completedTasks()).isEqualTo(1);
    }

    @Test
    void aRemovedExecutorIsNeitherAliveNorBusyAndAStageRetryIsItsOwnAttempt() {
        state.executorAdded("1");
        state.executorAdded("2");
        state.stageSubmitted(5, 0, "s", 4);
        state.taskStarted(1, 5, 0, "1");
        state.taskStarted(2, 5, 0, "2");
        state.executorRemoved("2");

        BacklogReport report = state.snapshot(AT);
        assertThat(report.executorsAlive()).isEqualTo(1);
        assertThat(report.executorsBusy()).isEqualTo(1);

        state.taskEnded(2, 5, 0, 1, TaskEnd.FAILED, 0);
        state.stageCompleted(5, 0);
        state.stageSubmitted(5, 1, "s", 1);
        assertThat(state.snapshot(AT).stages()).containsExactly(new StageBacklog(5, 1, "s", 1, 1, 0, 0));
    }

    @Test
    void keepsAtMostOneHundredStagesButCountsThemAll() {
        for (int stage = 0; stage < 150; stage++) {
            state.stageSubmitted(stage, 0, "stage " + stage, 2);
        }
        BacklogReport report = state.snapshot(AT);
        assertThat(report.stages()).hasSize(100);
        assertThat(report.stages().get(0).stageId()).isZero();
        assertThat(report.pendingTasks()).isEqualTo(300);
    }

    @Test
    void cutsLongNamesWithoutSplittingACharacter() {
        String name = "a".repeat(499) + "\uD83D\uDE00" + "tail";
        state.stageSubmitted(0, 0, name, 1);
        assertThat(state.snapshot(AT).stages().get(0).name()).isEqualTo("a".repeat(499));
        assertThat(SchedulerState.truncated("b".repeat(600))).hasSize(500);
    }
}
