package io.sparkplane.autoscaler.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The built-in workloads of the benchmark. Task durations are drawn from a {@link Random} with a
 * fixed seed per workload, so every call returns the same trace.
 */
public final class Workloads {

    private Workloads() {}

    /** Every built-in workload, in report order. */
    public static List<Workload> all() {
        return List.of(singleWideStage(), manyShortStages(), skewedLongTail(), burstsWithIdleGaps());
    }

    /** One stage of 2,000 tasks of 1–3 s each (about 4,000 task-seconds). */
    public static Workload singleWideStage() {
        Random random = new Random(1);
        return new Workload("single wide stage", List.of(
                new Workload.Stage(Duration.ZERO, durations(random, 2_000, 1_000, 3_000))));
    }

    /** 60 stages one after another, each of 48 tasks of 0.3–0.7 s, 200 ms of driver work between stages. */
    public static Workload manyShortStages() {
        Random random = new Random(2);
        List<Workload.Stage> stages = new ArrayList<>();
        for (int stage = 0; stage < 60; stage++) {
            stages.add(new Workload.Stage(
                    stage == 0 ? Duration.ZERO : Duration.ofMillis(200), durations(random, 48, 300, 700)));
        }
        return new Workload("many short stages", stages);
    }

    /** One stage of 800 tasks of 1–2 s plus 4 stragglers of 240 s at random positions. */
    public static Workload skewedLongTail() {
        Random random = new Random(3);
        List<Duration> tasks = new ArrayList<>(durations(random, 800, 1_000, 2_000));
        for (int straggler = 0; straggler < 4; straggler++) {
            tasks.add(Duration.ofSeconds(240));
        }
        Collections.shuffle(tasks, random);
        return new Workload("skewed long tail", List.of(new Workload.Stage(Duration.ZERO, tasks)));
    }

    /** 5 bursts of 600 tasks of 0.5–1.5 s each, separated by 90 s with nothing to run. */
    public static Workload burstsWithIdleGaps() {
        Random random = new Random(4);
        List<Workload.Stage> stages = new ArrayList<>();
        for (int burst = 0; burst < 5; burst++) {
            stages.add(new Workload.Stage(
                    burst == 0 ? Duration.ZERO : Duration.ofSeconds(90), durations(random, 600, 500, 1_500)));
        }
        return new Workload("bursts with idle gaps", stages);
    }

    private static List<Duration> durations(Random random, int count, int minimumMillis, int maximumMillis) {
        List<Duration> durations = new ArrayList<>(count);
        for (int task = 0; task < count; task++) {
            durations.add(Duration.ofMillis(minimumMillis + random.nextInt(maximumMillis - minimumMillis + 1)));
        }
        return durations;
    }
}
