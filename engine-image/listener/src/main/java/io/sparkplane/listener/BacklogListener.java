package io.sparkplane.listener;

import io.sparkplane.listener.SchedulerState.TaskEnd;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Reports the driver's backlog to the launcher beside it: loaded by Spark through
 * {@code spark.extraListeners=io.sparkplane.listener.BacklogListener}, it feeds scheduler events
 * into a {@link SchedulerState} and writes its snapshot as JSON ({@link BacklogJson}) every
 * {@code spark.sparkplane.backlog.intervalMs} (default 1000 ms) to the file named by
 * {@code spark.sparkplane.backlog.file} ({@link BacklogListenerConf}). Without that conf it only counts.
 *
 * <p>Listeners registered through {@code spark.extraListeners} see the events posted before the
 * listener bus started (Spark queues them), so executors registered early — the local-mode
 * executor, or the first standalone ones — are counted from their {@code ExecutorAdded} events.
 */
public class BacklogListener extends SparkListener {

    private final SchedulerState state = new SchedulerState();
    private final BacklogFileWriter writer;

    /** Spark calls this constructor for each class named in {@code spark.extraListeners}. */
    public BacklogListener(SparkConf conf) {
        String file = conf.get(BacklogListenerConf.FILE, "");
        long intervalMillis = conf.getLong(BacklogListenerConf.INTERVAL_MILLIS, BacklogListenerConf.DEFAULT_INTERVAL_MILLIS);
        if (file.isBlank()) {
            writer = null;
            return;
        }
        writer = new BacklogFileWriter(Path.of(file), Duration.ofMillis(Math.max(50, intervalMillis)),
                () -> BacklogJson.encode(state.snapshot(Instant.now())));
        writer.start();
    }

    /** The counts this listener keeps; for tests and for a driver that wants to look. */
    public SchedulerState state() {
        return state;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        StageInfo stage = event.stageInfo();
        state.stageSubmitted(stage.stageId(), stage.attemptNumber(), stage.name(), stage.numTasks());
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        StageInfo stage = event.stageInfo();
        state.stageCompleted(stage.stageId(), stage.attemptNumber());
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
        TaskInfo task = event.taskInfo();
        state.taskStarted(task.taskId(), event.stageId(), event.stageAttemptId(), task.executorId());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        TaskInfo task = event.taskInfo();
        TaskEnd end = task.successful() ? TaskEnd.SUCCEEDED : task.killed() ? TaskEnd.KILLED : TaskEnd.FAILED;
        long durationMillis = task.finishTime() > 0 ? task.finishTime() - task.launchTime() : 0;
        state.taskEnded(task.taskId(), event.stageId(), event.stageAttemptId(), task.index(), end, durationMillis);
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded event) {
        state.executorAdded(event.executorId());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
        state.executorRemoved(event.executorId());
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd event) {
        if (writer != null) {
            writer.stop();
        }
    }
}
