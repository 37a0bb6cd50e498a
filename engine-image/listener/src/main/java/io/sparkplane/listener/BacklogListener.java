package io.sparkplane.listener;

import io.sparkplane.listener.SchedulerState.TaskEnd;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
import scala.Tuple2;

/**
 * Reports the driver's backlog: loaded by Spark through
 * {@code spark.extraListeners=io.sparkplane.listener.BacklogListener}, it feeds scheduler events
 * into a {@link SchedulerState} and, every {@code spark.sparkplane.backlog.intervalMs} (default
 * 1000 ms), hands its snapshot on in either or both of two ways ({@link BacklogListenerConf}):
 * <ul>
 *   <li>as JSON ({@link BacklogJson}) in the file named by {@code spark.sparkplane.backlog.file},
 *       for the launcher beside the driver to send with its heartbeats ({@link BacklogFileWriter});
 *   <li>straight to the control plane's heartbeat endpoint {@code spark.sparkplane.report.url} with
 *       the token in {@code spark.sparkplane.report.tokenFile}, where no launcher runs
 *       ({@link BacklogReporter}).
 * </ul>
 * Without either conf it only counts.
 *
 * <p>Listeners registered through {@code spark.extraListeners} see the events posted before the
 * listener bus started (Spark queues them), so executors registered early — the local-mode
 * executor, or the first standalone ones — are counted from their {@code ExecutorAdded} events.
 */
public class BacklogListener extends SparkListener {

    private final SchedulerState state = new SchedulerState();
    private final BacklogFileWriter writer;
    private final BacklogReporter reporter;

    /** Spark calls this constructor for each class named in {@code spark.extraListeners}. */
    public BacklogListener(SparkConf conf) {
        String file = conf.get(BacklogListenerConf.FILE, "");
        long intervalMillis = conf.getLong(BacklogListenerConf.INTERVAL_MILLIS, BacklogListenerConf.DEFAULT_INTERVAL_MILLIS);
        Duration interval = Duration.ofMillis(Math.max(50, intervalMillis));
        writer = file.isBlank() ? null
                : new BacklogFileWriter(Path.of(file), interval, () -> BacklogJson.encode(state.snapshot(Instant.now())));
        // only reads the conf: the token is read, and the control plane called, on the reporter's own thread
        reporter = BacklogReporter.fromSparkConf(sparkConf(conf), interval, () -> state.snapshot(Instant.now()), System.err)
                .orElse(null);
        if (writer != null) {
            writer.start();
        }
        if (reporter != null) {
            reporter.start();
        }
    }

    private static Map<String, String> sparkConf(SparkConf conf) {
        Map<String, String> all = new HashMap<>();
        for (Tuple2<String, String> entry : conf.getAll()) {
            all.put(entry._1(), entry._2());
        }
        return all;
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
        // the file first: it is local and quick, the report may wait on the network
        if (writer != null) {
            writer.stop();
        }
        if (reporter != null) {
            reporter.stop();
        }
    }
}
