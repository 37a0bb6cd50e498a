package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A batch as Livy answers it ({@code GET /batches/{id}}, an entry of {@code GET /batches}, the answer
 * to {@code POST /batches}); what Sparkplane reads of it.
 *
 * @param id Livy's id of the batch, unique on its server only while the server runs (a restarted Livy without recovery counts from 0 again)
 * @param name the name it was given, {@code null} when none
 * @param state one of Livy's session states ({@link LivyBatchStates})
 * @param appId YARN's application id once it has one, else {@code null}
 * @param appInfo {@code driverLogUrl} and {@code sparkUiUrl} as Livy gives them (values may be {@code null})
 * @param log the last lines of the batch's log that Livy puts in the answer
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LivyBatch(int id, String name, String state, String appId, Map<String, String> appInfo, List<String> log) {

    public LivyBatch {
        requireNonNull(state, "state is null");
        appInfo = appInfo == null ? Map.of() : Collections.unmodifiableMap(nonNullValues(appInfo));
        log = log == null ? List.of() : log.stream().map(line -> line == null ? "" : line).toList();
    }

    private static Map<String, String> nonNullValues(Map<String, String> map) {
        Map<String, String> copy = new TreeMap<>();
        map.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }
}
