package io.sparkplane.listener;

import io.sparkplane.listener.BacklogReport.StageBacklog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the driver's scheduler is doing, counted from listener events: the active stage attempts,
 * the running tasks and where they run, the live executors and the finished-task totals. Free of
 * Spark types so it can be tested alone; {@link BacklogListener} feeds it.
 *
 * <p>Thread-safe: Spark's listener bus thread updates it while the writer and reporter threads take snapshots.
 * Events may come in an order a naive counter would get wrong, and it copes: a task can end after
 * its stage completed (speculative copies, zombie attempts), the same task index can succeed twice,
 * and an executor can be removed while its tasks' end events are still on the way.
 */
public final class SchedulerState {

    /** How a task attempt ended. */
    public enum TaskEnd {
        SUCCEEDED,
        /** failed, or lost with its executor */
        FAILED,
        /** killed on purpose (a losing speculative copy, a cancelled job): neither success nor failure */
        KILLED,
    }

    private record StageKey(int stageId, int attempt) implements Comparable<StageKey> {
        @Override
        public int compareTo(StageKey other) {
            int byId = Integer.compare(stageId, other.stageId);
            return byId != 0 ? byId : Integer.compare(attempt, other.attempt);
        }
    }

    private static final class ActiveStage {
        final String name;
        final int numTasks;
        final BitSet succeededIndices = new BitSet();
        int running;

        ActiveStage(String name, int numTasks) {
            this.name = name;
            this.numTasks = numTasks;
        }
    }

    private record RunningTask(StageKey stage, String executorId) {}

    private final Map<StageKey, ActiveStage> activeStages = new TreeMap<>();
    private final Map<Long, RunningTask> runningTasks = new HashMap<>();
    private final Map<String, Integer> runningByExecutor = new HashMap<>();
    private final Set<String> aliveExecutors = new HashSet<>();
    private long completedTasks;
    private long failedTasks;
    private long successfulMillis;

    public synchronized void stageSubmitted(int stageId, int attempt, String name, int numTasks) {
        activeStages.put(new StageKey(stageId, attempt), new ActiveStage(name == null ? "" : name, Math.max(0, numTasks)));
    }

    public synchronized void stageCompleted(int stageId, int attempt) {
        activeStages.remove(new StageKey(stageId, attempt));
    }

    public synchronized void taskStarted(long taskId, int stageId, int stageAttempt, String executorId) {
        StageKey key = new StageKey(stageId, stageAttempt);
        if (runningTasks.putIfAbsent(taskId, new RunningTask(key, executorId)) != null) {
            return;
        }
        ActiveStage stage = activeStages.get(key);
        if (stage != null) {
            stage.running++;
        }
        runningByExecutor.merge(executorId, 1, Integer::sum);
    }

    /**
     * @param taskIndex the task's index within its stage attempt (a retried or speculative copy has the same)
     * @param durationMillis how long the task ran; only successful tasks count towards the mean
     */
    public synchronized void taskEnded(long taskId, int stageId, int stageAttempt, int taskIndex, TaskEnd end, long durationMillis) {
        RunningTask running = runningTasks.remove(taskId);
        ActiveStage stage = activeStages.get(new StageKey(stageId, stageAttempt));
        if (running != null) {
            if (stage != null && stage.running > 0) {
                stage.running--;
            }
            runningByExecutor.computeIfPresent(running.executorId(), (executor, count) -> count > 1 ? count - 1 : null);
        }
        switch (end) {
            case SUCCEEDED -> {
                completedTasks++;
                successfulMillis += Math.max(0, durationMillis);
                if (stage != null && taskIndex >= 0) {
                    stage.succeededIndices.set(taskIndex);
                }
            }
            case FAILED -> failedTasks++;
            case KILLED -> {
                // a killed copy is neither progress nor trouble
            }
        }
    }

    public synchronized void executorAdded(String executorId) {
        aliveExecutors.add(executorId);
    }

    public synchronized void executorRemoved(String executorId) {
        aliveExecutors.remove(executorId);
    }

    /** The state now, with at most {@link BacklogReport#MAX_STAGES} stages (the totals count them all). */
    public synchronized BacklogReport snapshot(Instant at) {
        long pending = 0;
        List<StageBacklog> stages = new ArrayList<>();
        for (Map.Entry<StageKey, ActiveStage> entry : activeStages.entrySet()) {
            ActiveStage stage = entry.getValue();
            int completed = stage.succeededIndices.cardinality();
            int stagePending = Math.max(0, stage.numTasks - completed - stage.running);
            pending += stagePending;
            if (stages.size() < BacklogReport.MAX_STAGES) {
                stages.add(new StageBacklog(entry.getKey().stageId(), entry.getKey().attempt(), truncated(stage.name),
                        stage.numTasks, stagePending, stage.running, completed));
            }
        }
        int busy = 0;
        for (Map.Entry<String, Integer> entry : runningByExecutor.entrySet()) {
            if (entry.getValue() > 0 && aliveExecutors.contains(entry.getKey())) {
                busy++;
            }
        }
        Long mean = completedTasks == 0 ? null : successfulMillis / completedTasks;
        return new BacklogReport(at, pending, runningTasks.size(), completedTasks, failedTasks, aliveExecutors.size(), busy, mean, stages);
    }

    /** Cuts a name to the contract's length without splitting a surrogate pair. */
    static String truncated(String name) {
        if (name.length() <= StageBacklog.MAX_NAME_LENGTH) {
            return name;
        }
        int end = StageBacklog.MAX_NAME_LENGTH;
        if (Character.isHighSurrogate(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(0, end);
    }
}
