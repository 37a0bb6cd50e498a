package io.sparkplane.autoscaler.simulation;

import static java.util.Objects.requireNonNull;

import io.sparkplane.autoscaler.BacklogSnapshot;
import io.sparkplane.autoscaler.ClusterState;
import io.sparkplane.autoscaler.ScalingDecision;
import io.sparkplane.autoscaler.ScalingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Replays a {@link Workload} through a {@link ScalingPolicy} on a {@link ClusterModel}.
 *
 * <p>The model, in milliseconds of simulated time starting at {@link Instant#EPOCH}:
 *
 * <ul>
 *   <li>At 0 the cluster is requested at the size the policy asks for on an empty backlog (a static
 *       policy its size, the others their minimum). These initial workers start up like every later
 *       one: they run tasks from {@code workerStartupDelay} on and are billed from 0.
 *   <li>Each worker is one executor with {@code coresPerWorker} task slots. Whenever a slot is free
 *       and the submitted stage has a pending task, the task starts at once (lowest worker id and
 *       slot first, tasks in trace order); a task occupies its slot for exactly its duration.
 *   <li>A stage is submitted {@code submitAfterPrevious} after the previous stage's last task ends.
 *   <li>Every second (the tick) the simulator builds a {@link BacklogSnapshot} (the average task
 *       duration is the mean of finished tasks of the current stage, else of all finished tasks,
 *       else unknown), updates the {@link ClusterState} with it, asks the policy and applies the
 *       decision: new workers run tasks {@code workerStartupDelay} later; a scale-down cancels
 *       starting workers first, then removes idle workers at once, newest first; busy workers are
 *       never removed, so a scale-down may end above the desired size.
 *   <li>Cost (executor-seconds) runs per worker from its request to its removal or the end of the
 *       workload; start-up is billed, as clouds bill a booting machine.
 * </ul>
 *
 * <p>Nothing is random: the same workload, policy and model always give the same result.
 */
public final class Simulator {

    /** The policy is consulted once per tick. */
    public static final Duration TICK = Duration.ofSeconds(1);

    private static final long TICK_MILLIS = TICK.toMillis();
    private static final long SIMULATED_TIME_LIMIT_MILLIS = Duration.ofDays(7).toMillis();

    private final ClusterModel model;

    public Simulator(ClusterModel model) {
        this.model = requireNonNull(model, "model is null");
    }

    /**
     * Runs {@code workload} to its end under {@code policy}.
     *
     * @throws IllegalStateException if the workload has not finished after seven simulated days
     *     (for example a policy that keeps zero workers)
     */
    public SimulationResult run(Workload workload, ScalingPolicy policy) {
        requireNonNull(workload, "workload is null");
        requireNonNull(policy, "policy is null");
        return new Run(workload, policy).execute();
    }

    private static Instant instant(long millis) {
        return Instant.EPOCH.plusMillis(millis);
    }

    private static final class Worker {
        final long requestedAt;
        final long readyAt;
        final long[] slotBusyUntil;
        final long[] slotTaskMillis;
        long removedAt = -1;
        int runningTasks;

        Worker(long requestedAt, long readyAt, int cores) {
            this.requestedAt = requestedAt;
            this.readyAt = readyAt;
            this.slotBusyUntil = new long[cores];
            this.slotTaskMillis = new long[cores];
            Arrays.fill(slotBusyUntil, -1);
        }

        boolean present() {
            return removedAt < 0;
        }

        boolean alive(long at) {
            return present() && readyAt <= at;
        }
    }

    private final class Run {
        private final Workload workload;
        private final ScalingPolicy policy;
        private final List<Worker> workers = new ArrayList<>();
        private final Deque<Long> pendingTasks = new ArrayDeque<>();
        private int stageIndex;
        private long stageSubmitAt;
        private boolean stageSubmitted;
        private int runningTasks;
        private long stageFinishedTaskMillis;
        private int stageFinishedTasks;
        private long allFinishedTaskMillis;
        private int allFinishedTasks;
        private long finishedAt = -1;
        private long now;

        Run(Workload workload, ScalingPolicy policy) {
            this.workload = workload;
            this.policy = policy;
        }

        SimulationResult execute() {
            ClusterState cluster = ClusterState.created(
                    0, model.minWorkers(), model.maxWorkers(), model.coresPerWorker(), instant(0));
            BacklogSnapshot empty = new BacklogSnapshot(instant(0), 0, 0, 0, 0, null);
            int initialWorkers = policy.decide(empty, cluster, instant(0)).desiredWorkers();
            // The initial workers boot like any later one: a policy that starts big pays for it.
            for (int worker = 0; worker < initialWorkers; worker++) {
                workers.add(new Worker(0, model.workerStartupDelay().toMillis(), model.coresPerWorker()));
            }
            cluster = ClusterState.created(
                    initialWorkers, model.minWorkers(), model.maxWorkers(), model.coresPerWorker(), instant(0));
            stageSubmitAt = workload.stages().get(0).submitAfterPrevious().toMillis();
            int scaleChanges = 0;

            for (long tick = 0; ; tick += TICK_MILLIS) {
                if (tick > SIMULATED_TIME_LIMIT_MILLIS) {
                    throw new IllegalStateException("workload " + workload.name() + " did not finish within "
                            + Duration.ofMillis(SIMULATED_TIME_LIMIT_MILLIS) + " under " + policy);
                }
                advanceTo(tick);
                if (finishedAt >= 0) {
                    break;
                }
                now = tick;
                BacklogSnapshot snapshot = snapshot();
                cluster = cluster.afterObserving(snapshot);
                ScalingDecision decision = policy.decide(snapshot, cluster, instant(tick));
                int actual = apply(decision.desiredWorkers());
                if (actual != cluster.currentWorkers()) {
                    scaleChanges++;
                    cluster = cluster.afterResize(actual, instant(tick));
                }
                assignTasks();
            }
            long executorMillis = 0;
            for (Worker worker : workers) {
                long end = worker.present() ? finishedAt : Math.min(worker.removedAt, finishedAt);
                executorMillis += Math.max(0, end - worker.requestedAt);
            }
            return new SimulationResult(executorMillis / 1000.0, finishedAt / 1000.0, scaleChanges);
        }

        /** Processes every task end, worker start and stage submission up to and including {@code until}. */
        private void advanceTo(long until) {
            while (finishedAt < 0) {
                long next = nextEvent();
                if (next > until) {
                    return;
                }
                now = next;
                for (Worker worker : workers) {
                    for (int slot = 0; slot < worker.slotBusyUntil.length; slot++) {
                        if (worker.slotBusyUntil[slot] == now) {
                            worker.slotBusyUntil[slot] = -1;
                            worker.runningTasks--;
                            runningTasks--;
                            stageFinishedTaskMillis += worker.slotTaskMillis[slot];
                            stageFinishedTasks++;
                            allFinishedTaskMillis += worker.slotTaskMillis[slot];
                            allFinishedTasks++;
                        }
                    }
                }
                if (stageSubmitted && pendingTasks.isEmpty() && runningTasks == 0) {
                    stageSubmitted = false;
                    stageIndex++;
                    stageFinishedTaskMillis = 0;
                    stageFinishedTasks = 0;
                    if (stageIndex == workload.stages().size()) {
                        finishedAt = now;
                        return;
                    }
                    stageSubmitAt = now + workload.stages().get(stageIndex).submitAfterPrevious().toMillis();
                }
                if (!stageSubmitted && stageSubmitAt <= now) {
                    stageSubmitted = true;
                    for (Duration duration : workload.stages().get(stageIndex).taskDurations()) {
                        pendingTasks.add(duration.toMillis());
                    }
                }
                assignTasks();
            }
        }

        private long nextEvent() {
            long next = stageSubmitted ? Long.MAX_VALUE : Math.max(stageSubmitAt, now);
            for (Worker worker : workers) {
                if (!worker.present()) {
                    continue;
                }
                if (worker.readyAt > now) {
                    next = Math.min(next, worker.readyAt);
                }
                for (long busyUntil : worker.slotBusyUntil) {
                    if (busyUntil >= 0) {
                        next = Math.min(next, busyUntil);
                    }
                }
            }
            return next;
        }

        private void assignTasks() {
            for (Worker worker : workers) {
                if (!worker.alive(now)) {
                    continue;
                }
                for (int slot = 0; slot < worker.slotBusyUntil.length && !pendingTasks.isEmpty(); slot++) {
                    if (worker.slotBusyUntil[slot] < 0) {
                        long duration = pendingTasks.removeFirst();
                        worker.slotBusyUntil[slot] = now + duration;
                        worker.slotTaskMillis[slot] = duration;
                        worker.runningTasks++;
                        runningTasks++;
                    }
                }
            }
        }

        private BacklogSnapshot snapshot() {
            Duration average = stageFinishedTasks > 0
                    ? Duration.ofMillis(stageFinishedTaskMillis / stageFinishedTasks)
                    : allFinishedTasks > 0 ? Duration.ofMillis(allFinishedTaskMillis / allFinishedTasks) : null;
            int alive = 0;
            int busy = 0;
            for (Worker worker : workers) {
                if (worker.alive(now)) {
                    alive++;
                    if (worker.runningTasks > 0) {
                        busy++;
                    }
                }
            }
            return new BacklogSnapshot(instant(now), pendingTasks.size(), runningTasks, alive, busy, average);
        }

        /** Moves the cluster towards {@code desired}; returns the workers present afterwards. */
        private int apply(int desired) {
            int present = (int) workers.stream().filter(Worker::present).count();
            if (desired > present) {
                for (int worker = present; worker < desired; worker++) {
                    workers.add(new Worker(now, now + model.workerStartupDelay().toMillis(), model.coresPerWorker()));
                }
                return desired;
            }
            int excess = present - desired;
            for (int index = workers.size() - 1; index >= 0 && excess > 0; index--) {
                Worker worker = workers.get(index);
                if (worker.present() && !worker.alive(now)) {
                    worker.removedAt = now;
                    excess--;
                }
            }
            for (int index = workers.size() - 1; index >= 0 && excess > 0; index--) {
                Worker worker = workers.get(index);
                if (worker.alive(now) && worker.runningTasks == 0) {
                    worker.removedAt = now;
                    excess--;
                }
            }
            return desired + excess;
        }
    }
}
