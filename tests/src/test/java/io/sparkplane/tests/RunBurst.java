package io.sparkplane.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many runs submitted at once through the API, for the cloud backends' submission benchmarks: the
 * burst's ids and how long it took from the first POST until every run was {@code RUNNING}, and the
 * figures they print.
 */
record RunBurst(List<String> ids, Duration elapsed) {

    static final int CLIENTS = 32;
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);

    /** Submits {@code runs} from {@link #CLIENTS} threads at once; done when every one is RUNNING. */
    static RunBurst submit(SparkplaneClient client, String body, int runs) throws Exception {
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                submitted.add(pool.submit(() -> client.submit(body).get("id").asText()));
            }
            for (Future<String> id : submitted) {
                ids.add(id.get());
            }
        } finally {
            pool.shutdown();
        }
        for (String id : ids) {
            client.awaitState(id, Set.of("RUNNING"), PHASE_TIMEOUT);
        }
        return new RunBurst(ids, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Cancels every run of the burst and waits until each has ended. */
    void cancel(SparkplaneClient client) throws Exception {
        for (String id : ids) {
            client.cancel(id);
        }
        for (String id : ids) {
            client.awaitEnd(id, PHASE_TIMEOUT);
        }
    }

    /** Each counted call per run, two decimals. */
    static Map<String, String> perRun(Map<String, Integer> calls, int runs) {
        Map<String, String> perRun = new TreeMap<>();
        calls.forEach((call, count) -> perRun.put(call, String.format(Locale.ROOT, "%.2f", count / (double) runs)));
        return perRun;
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    static double perMinute(int runs, Duration duration) {
        return runs / seconds(duration) * 60;
    }
}
