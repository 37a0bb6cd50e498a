package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a client asked for in POST /batches, as the fake received it: for tests' assertions on what
 * a backend submits. Lists and the conf are empty when the request left them out.
 */
public record LivyBatchRequest(
        String file,
        Optional<String> proxyUser,
        Optional<String> className,
        List<String> args,
        List<String> jars,
        List<String> pyFiles,
        List<String> files,
        List<String> archives,
        Optional<String> driverMemory,
        Optional<Integer> driverCores,
        Optional<String> executorMemory,
        Optional<Integer> executorCores,
        Optional<Integer> numExecutors,
        Optional<String> queue,
        Optional<String> name,
        Map<String, String> conf) {

    public LivyBatchRequest {
        requireNonNull(file, "file is null");
        args = List.copyOf(args);
        jars = List.copyOf(jars);
        pyFiles = List.copyOf(pyFiles);
        files = List.copyOf(files);
        archives = List.copyOf(archives);
        conf = Map.copyOf(conf);
    }

    static LivyBatchRequest of(CreateBatchRequest body) {
        return new LivyBatchRequest(body.file, Optional.ofNullable(body.proxyUser), Optional.ofNullable(body.className),
                list(body.args), list(body.jars), list(body.pyFiles), list(body.files), list(body.archives),
                Optional.ofNullable(body.driverMemory), Optional.ofNullable(body.driverCores),
                Optional.ofNullable(body.executorMemory), Optional.ofNullable(body.executorCores),
                Optional.ofNullable(body.numExecutors), Optional.ofNullable(body.queue), Optional.ofNullable(body.name),
                body.conf == null ? Map.of() : body.conf);
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
